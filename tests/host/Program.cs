// Host test runner: discovers [TestClass] types in this assembly and runs them the way the
// nanoFramework UnitTestLauncher does on the device (spec/nanoframework.md §5):
//  - [Setup] once per class, then every [TestMethod] once per [DataRow] (or once), then [Cleanup];
//  - methods are invoked with MethodInfo.Invoke(null, args): the class is never instantiated;
//  - one line per result: "Test passed|failed|skipped,<Type>.<Method>.<i>,<ms>,<message>";
//  - last line "N passed, N failed[, N skipped]"; exit code 1 if any failed or none ran.
// Optional argument: a substring of "<Type>.<Method>" to run a subset.
using System;
using System.Diagnostics;
using System.Reflection;
using System.Reflection.Emit;
using nanoFramework.TestFramework;
using TestFrameworkShared;

namespace NFUnitTest.Host
{
    public static class Program
    {
        private static int s_passed;
        private static int s_failed;
        private static int s_skipped;

        public static int Main(string[] args)
        {
            string filter = args.Length > 0 ? args[0] : null;
            Type[] types = typeof(Program).Assembly.GetTypes();
            Array.Sort(types, (a, b) => string.CompareOrdinal(a.FullName, b.FullName));
            foreach (Type type in types)
            {
                if (type.GetCustomAttribute(typeof(TestClassAttribute)) != null)
                {
                    RunClass(type, filter);
                }
            }

            string summary = s_passed + " passed, " + s_failed + " failed";
            if (s_skipped > 0)
            {
                summary += ", " + s_skipped + " skipped";
            }

            Console.WriteLine(summary);
            return s_failed > 0 || s_passed + s_failed == 0 ? 1 : 0;
        }

        private static void RunClass(Type type, string filter)
        {
            MethodInfo[] methods = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly);
            Array.Sort(methods, (a, b) => a.MetadataToken.CompareTo(b.MetadataToken));
            bool selected = false;
            foreach (MethodInfo m in methods)
            {
                if (IsTest(m) && Matches(type, m, filter))
                {
                    selected = true;
                }
            }

            if (!selected)
            {
                return;
            }

            string setupFailure = RunFixture(type, methods, typeof(SetupAttribute));
            foreach (MethodInfo m in methods)
            {
                if (IsTest(m) && Matches(type, m, filter))
                {
                    RunMethod(type, m, setupFailure);
                }
            }

            string cleanupFailure = RunFixture(type, methods, typeof(CleanupAttribute));
            if (cleanupFailure != null && !cleanupFailure.StartsWith("skip:"))
            {
                Report("failed", type.Name + ".[Cleanup].0", 0, cleanupFailure);
            }
        }

        private static bool IsTest(MethodInfo m)
        {
            return m.GetCustomAttribute(typeof(TestMethodAttribute)) != null;
        }

        private static bool Matches(Type type, MethodInfo m, string filter)
        {
            return filter == null || (type.FullName + "." + m.Name).Contains(filter);
        }

        /// <summary>Runs the [Setup] or [Cleanup] method if any; null on success, else the failure ("skip:" prefix if skipped).</summary>
        private static string RunFixture(Type type, MethodInfo[] methods, Type attribute)
        {
            foreach (MethodInfo m in methods)
            {
                if (m.GetCustomAttribute(attribute) != null)
                {
                    Exception ex = Invoke(m, null);
                    if (ex is SkipTestException)
                    {
                        return "skip:" + ex.Message;
                    }

                    return ex == null ? null : Describe(ex);
                }
            }

            return null;
        }

        private static void RunMethod(Type type, MethodInfo m, string setupFailure)
        {
            object[] rows = m.GetCustomAttributes(typeof(DataRowAttribute), false);
            int runs = rows.Length == 0 ? 1 : rows.Length;
            for (int i = 0; i < runs; i++)
            {
                string name = type.Name + "." + m.Name + "." + i;
                if (setupFailure != null)
                {
                    bool skipped = setupFailure.StartsWith("skip:");
                    Report(skipped ? "skipped" : "failed", name, 0, skipped ? setupFailure.Substring(5) : "[Setup] failed: " + setupFailure);
                    continue;
                }

                object[] args = rows.Length == 0 ? null : ((DataRowAttribute)rows[i]).MethodParameters;
                Stopwatch watch = Stopwatch.StartNew();
                Exception ex = Invoke(m, args);
                long ms = watch.ElapsedMilliseconds;
                if (ex == null)
                {
                    Report("passed", name, ms, "");
                }
                else if (ex is SkipTestException)
                {
                    Report("skipped", name, ms, ex.Message);
                }
                else
                {
                    Report("failed", name, ms, Describe(ex));
                }
            }
        }

        /// <summary>
        /// Invokes a test method like the device launcher, MethodInfo.Invoke(null, args): static methods
        /// directly; instance methods (the usual nanoFramework style) with a null "this", so the class is
        /// never instantiated and touching an instance field throws NullReferenceException, as on the
        /// nanoCLR. .NET reflection refuses a null target, so a tiny IL thunk makes the call. Returns
        /// what the method threw, or null.
        /// </summary>
        private static Exception Invoke(MethodInfo m, object[] args)
        {
            try
            {
                if (m.IsStatic)
                {
                    m.Invoke(null, args);
                }
                else
                {
                    NullThisThunk(m)(args ?? new object[0]);
                }

                return null;
            }
            catch (TargetInvocationException tie)
            {
                return tie.InnerException ?? tie;
            }
            catch (Exception ex)
            {
                return ex;
            }
        }

        private static Action<object[]> NullThisThunk(MethodInfo m)
        {
            ParameterInfo[] parameters = m.GetParameters();
            DynamicMethod thunk = new DynamicMethod("call_" + m.Name, null, new[] { typeof(object[]) }, m.Module, true);
            ILGenerator il = thunk.GetILGenerator();
            il.Emit(OpCodes.Ldnull);
            for (int i = 0; i < parameters.Length; i++)
            {
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Ldelem_Ref);
                il.Emit(OpCodes.Unbox_Any, parameters[i].ParameterType);
            }

            il.Emit(OpCodes.Call, m);
            if (m.ReturnType != typeof(void))
            {
                il.Emit(OpCodes.Pop);
            }

            il.Emit(OpCodes.Ret);
            return (Action<object[]>)thunk.CreateDelegate(typeof(Action<object[]>));
        }

        private static string Describe(Exception ex)
        {
            if (ex is AssertFailedException)
            {
                return ex.Message;
            }

            return ex.GetType().FullName + ": " + ex.Message + Environment.NewLine + ex.StackTrace;
        }

        private static void Report(string outcome, string name, long ms, string message)
        {
            if (outcome == "passed")
            {
                s_passed++;
            }
            else if (outcome == "failed")
            {
                s_failed++;
            }
            else
            {
                s_skipped++;
            }

            Console.WriteLine("Test " + outcome + "," + name + "," + ms + "," + message);
        }
    }
}
