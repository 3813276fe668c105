// mscorlib namespaces other than System: Collections (non-generic only), Threading (the mscorlib part;
// CancellationToken lives in nanoFramework.System.Threading), Reflection (assembly attributes incl.
// the nanoFramework-specific AssemblyNativeVersionAttribute), Diagnostics, Runtime.CompilerServices,
// Runtime.InteropServices, IO (Stream, IOException). See ../../README.md for how each was confirmed.
#pragma warning disable CS0626, CS0067
namespace System.Collections
{
    public interface IEnumerable
    {
        IEnumerator GetEnumerator();
    }

    public interface IEnumerator
    {
        object Current { get; }
        bool MoveNext();
        void Reset();
    }

    public interface ICollection : IEnumerable
    {
        int Count { get; }
        object SyncRoot { get; }
        bool IsSynchronized { get; }
        void CopyTo(Array array, int index);
    }

    public interface IList : ICollection
    {
        object this[int index] { get; set; }
        int Add(object value);
        void Clear();
        bool Contains(object value);
        int IndexOf(object value);
        void Insert(int index, object value);
        void Remove(object value);
        void RemoveAt(int index);
        bool IsReadOnly { get; }
        bool IsFixedSize { get; }
    }

    public interface IComparer
    {
        int Compare(object x, object y);
    }

    public interface IEqualityComparer
    {
        bool Equals(object x, object y);
        int GetHashCode(object obj);
    }

    public class ArrayList : IList, ICloneable
    {
        public ArrayList() { }
        public virtual int Capacity { get => throw null; set { } }
        public virtual int Count => throw null;
        public virtual bool IsFixedSize => throw null;
        public virtual bool IsReadOnly => throw null;
        public virtual bool IsSynchronized => throw null;
        public virtual object SyncRoot => throw null;
        public virtual object this[int index] { get => throw null; set { } }
        public virtual int Add(object value) => throw null;
        public virtual void Clear() => throw null;
        public virtual object Clone() => throw null;
        public virtual bool Contains(object item) => throw null;
        public virtual void CopyTo(Array array) => throw null;
        public virtual void CopyTo(Array array, int arrayIndex) => throw null;
        public virtual IEnumerator GetEnumerator() => throw null;
        public virtual int IndexOf(object value) => throw null;
        public virtual int IndexOf(object value, int startIndex) => throw null;
        public virtual void Insert(int index, object value) => throw null;
        public virtual void Remove(object obj) => throw null;
        public virtual void RemoveAt(int index) => throw null;
        public virtual object[] ToArray() => throw null;
        public virtual Array ToArray(Type type) => throw null;
    }
}

namespace System.Threading
{
    public delegate void ThreadStart();
    public delegate void TimerCallback(object state);

    public enum ThreadPriority { Lowest = 0, BelowNormal = 1, Normal = 2, AboveNormal = 3, Highest = 4 }

    [Flags]
    public enum ThreadState
    {
        Running = 0, StopRequested = 1, SuspendRequested = 2, Background = 4, Unstarted = 8,
        Stopped = 16, WaitSleepJoin = 32, Suspended = 64, AbortRequested = 128, Aborted = 256,
    }

    public sealed class Thread
    {
        public Thread(ThreadStart start) { }
        public void Start() => throw null;
        public void Abort() => throw null;
        public ThreadPriority Priority { get => throw null; set { } }
        public int ManagedThreadId => throw null;
        public bool IsAlive => throw null;
        public void Join() => throw null;
        public bool Join(int millisecondsTimeout) => throw null;
        public bool Join(TimeSpan timeout) => throw null;
        public static void Sleep(int millisecondsTimeout) => throw null;
        public static void Sleep(TimeSpan timeout) => throw null;
        public static Thread CurrentThread => throw null;
        public ThreadState ThreadState => throw null;
    }

    // Enter(object)/Exit(object) only: `lock` compiles to these (no Enter(object, ref bool) on 1.17).
    public static class Monitor
    {
        public static void Enter(object obj) => throw null;
        public static void Exit(object obj) => throw null;
    }

    // int overloads only: field-like events then compile to plain Delegate.Combine (no generic CompareExchange<T>).
    public static class Interlocked
    {
        public static int Increment(ref int location) => throw null;
        public static int Decrement(ref int location) => throw null;
        public static int Exchange(ref int location1, int value) => throw null;
        public static int CompareExchange(ref int location1, int value, int comparand) => throw null;
    }

    public abstract class WaitHandle : MarshalByRefObject
    {
        public const int WaitTimeout = 0x102;
        public virtual bool WaitOne(int millisecondsTimeout, bool exitContext) => throw null;
        public virtual bool WaitOne() => throw null;
        public static bool WaitAll(WaitHandle[] waitHandles, int millisecondsTimeout, bool exitContext) => throw null;
        public static bool WaitAll(WaitHandle[] waitHandles) => throw null;
        public static int WaitAny(WaitHandle[] waitHandles, int millisecondsTimeout, bool exitContext) => throw null;
        public static int WaitAny(WaitHandle[] waitHandles) => throw null;
    }

    public sealed class AutoResetEvent : WaitHandle
    {
        public AutoResetEvent(bool initialState) { }
        public bool Reset() => throw null;
        public bool Set() => throw null;
    }

    public sealed class ManualResetEvent : WaitHandle
    {
        public ManualResetEvent(bool initialState) { }
        public bool Reset() => throw null;
        public bool Set() => throw null;
    }

    public sealed class Timer : MarshalByRefObject, IDisposable
    {
        public Timer(TimerCallback callback, object state, int dueTime, int period) { }
        public Timer(TimerCallback callback, object state, TimeSpan dueTime, TimeSpan period) { }
        public bool Change(int dueTime, int period) => throw null;
        public bool Change(TimeSpan dueTime, TimeSpan period) => throw null;
        public void Dispose() => throw null;
    }

    public static class Timeout
    {
        public const int Infinite = -1;
    }

    public sealed class ThreadAbortException : SystemException { }
}

namespace System.Reflection
{
    public abstract class MemberInfo
    {
        public abstract string Name { get; }
        public abstract Type DeclaringType { get; }
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface)]
    public sealed class DefaultMemberAttribute : Attribute
    {
        public DefaultMemberAttribute(string memberName) { }
        public string MemberName => throw null;
    }

    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyCultureAttribute : Attribute { public AssemblyCultureAttribute(string culture) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyVersionAttribute : Attribute { public AssemblyVersionAttribute(string version) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyKeyFileAttribute : Attribute { public AssemblyKeyFileAttribute(string keyFile) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyKeyNameAttribute : Attribute { public AssemblyKeyNameAttribute(string keyName) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyDelaySignAttribute : Attribute { public AssemblyDelaySignAttribute(bool delaySign) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyFileVersionAttribute : Attribute { public AssemblyFileVersionAttribute(string version) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyTitleAttribute : Attribute { public AssemblyTitleAttribute(string title) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyDescriptionAttribute : Attribute { public AssemblyDescriptionAttribute(string description) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyConfigurationAttribute : Attribute { public AssemblyConfigurationAttribute(string configuration) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyCompanyAttribute : Attribute { public AssemblyCompanyAttribute(string company) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyProductAttribute : Attribute { public AssemblyProductAttribute(string product) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyCopyrightAttribute : Attribute { public AssemblyCopyrightAttribute(string copyright) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyTrademarkAttribute : Attribute { public AssemblyTrademarkAttribute(string trademark) { } }
    [AttributeUsage(AttributeTargets.Assembly)] public sealed class AssemblyInformationalVersionAttribute : Attribute { public AssemblyInformationalVersionAttribute(string informationalVersion) { } }

    // nanoFramework-specific: required on an interop assembly for stub generation (spec section 6).
    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class, Inherited = false)]
    public sealed class AssemblyNativeVersionAttribute : Attribute
    {
        public AssemblyNativeVersionAttribute(string version) { }
        public string NativeVersion => throw null;
    }
}

namespace System.Diagnostics
{
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
    public sealed class ConditionalAttribute : Attribute
    {
        public ConditionalAttribute(string conditionString) { }
        public string ConditionString => throw null;
    }

    // Write/WriteLine/Assert are [Conditional("DEBUG")]: they vanish from Release builds (spec section 1).
    public static class Debug
    {
        [Conditional("DEBUG")] public static void Write(string message) => throw null;
        [Conditional("DEBUG")] public static void WriteLine(string message) => throw null;
        [Conditional("DEBUG")] public static void Assert(bool condition) => throw null;
        [Conditional("DEBUG")] public static void Assert(bool condition, string message) => throw null;
        [Conditional("DEBUG")] public static void Assert(bool condition, string message, string detailedMessage) => throw null;
    }

    public static class Debugger
    {
        public static bool IsAttached => throw null;
        public static void Break() => throw null;
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Constructor | AttributeTargets.Method, Inherited = false)]
    public sealed class DebuggerStepThroughAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Constructor | AttributeTargets.Method | AttributeTargets.Property, Inherited = false)]
    public sealed class DebuggerHiddenAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Constructor | AttributeTargets.Method | AttributeTargets.Property, Inherited = false)]
    public sealed class DebuggerNonUserCodeAttribute : Attribute { }

    public enum DebuggerBrowsableState { Never = 0, Collapsed = 2, RootHidden = 3 }

    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false)]
    public sealed class DebuggerBrowsableAttribute : Attribute
    {
        public DebuggerBrowsableAttribute(DebuggerBrowsableState state) { }
    }
}

namespace System.Runtime.CompilerServices
{
    public enum MethodImplOptions
    {
        Unmanaged = 0x0004, ForwardRef = 0x0010, PreserveSig = 0x0080, InternalCall = 0x1000,
        Synchronized = 0x0020, NoInlining = 0x0008, NoOptimization = 0x0040,
    }

    public enum MethodCodeType { IL = 0, Native = 1, OPTIL = 2, Runtime = 3 }

    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
    public sealed class MethodImplAttribute : Attribute
    {
        public MethodCodeType MethodCodeType;
        public MethodImplAttribute() { }
        public MethodImplAttribute(MethodImplOptions methodImplOptions) { }
        public MethodImplAttribute(short value) { }
        public MethodImplOptions Value => throw null;
    }

    [AttributeUsage(AttributeTargets.All, Inherited = true)]
    public sealed class CompilerGeneratedAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Assembly)]
    public sealed class ExtensionAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Property, Inherited = true)]
    public sealed class IndexerNameAttribute : Attribute
    {
        public IndexerNameAttribute(string indexerName) { }
    }

    [AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
    public sealed class InternalsVisibleToAttribute : Attribute
    {
        public InternalsVisibleToAttribute(string assemblyName) { }
        public string AssemblyName => throw null;
    }

    [AttributeUsage(AttributeTargets.Field)]
    public sealed class AccessedThroughPropertyAttribute : Attribute
    {
        public AccessedThroughPropertyAttribute(string propertyName) { }
    }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class CallerMemberNameAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    public sealed class CallerArgumentExpressionAttribute : Attribute
    {
        public CallerArgumentExpressionAttribute(string parameterName) { }
        public string ParameterName => throw null;
    }

    // `init` accessors (spec section 1 lists init as working).
    public static class IsExternalInit { }

    public static class RuntimeHelpers
    {
        public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle) => throw null;
        public static object GetObjectValue(object obj) => throw null;
        public static void RunClassConstructor(RuntimeTypeHandle type) => throw null;
        public static int OffsetToStringData => throw null;
    }
}

namespace System.Runtime.InteropServices
{
    public enum LayoutKind { Sequential = 0, Explicit = 2, Auto = 3 }
    public enum CharSet { None = 1, Ansi = 2, Unicode = 3, Auto = 4 }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class InAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
    public sealed class OutAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
    public sealed class StructLayoutAttribute : Attribute
    {
        public int Pack;
        public int Size;
        public CharSet CharSet;
        public StructLayoutAttribute(LayoutKind layoutKind) { }
        public StructLayoutAttribute(short layoutKind) { }
        public LayoutKind Value => throw null;
    }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Interface | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Delegate | AttributeTargets.Enum | AttributeTargets.Field | AttributeTargets.Method | AttributeTargets.Property, Inherited = false)]
    public sealed class ComVisibleAttribute : Attribute
    {
        public ComVisibleAttribute(bool visibility) { }
        public bool Value => throw null;
    }

    [AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Interface | AttributeTargets.Class | AttributeTargets.Enum | AttributeTargets.Struct | AttributeTargets.Delegate, Inherited = false)]
    public sealed class GuidAttribute : Attribute
    {
        public GuidAttribute(string guid) { }
        public string Value => throw null;
    }
}

namespace System.IO
{
    public enum SeekOrigin { Begin = 0, Current = 1, End = 2 }

    public class IOException : SystemException
    {
        public IOException() { }
        public IOException(string message) { }
        public IOException(string message, Exception innerException) { }
        public IOException(string message, int hresult) { }
    }

    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        public abstract bool CanRead { get; }
        public abstract bool CanSeek { get; }
        public abstract bool CanWrite { get; }
        public virtual bool CanTimeout => throw null;
        public abstract long Length { get; }
        public abstract long Position { get; set; }
        public virtual int ReadTimeout { get => throw null; set { } }
        public virtual int WriteTimeout { get => throw null; set { } }
        public virtual void Close() => throw null;
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
        public abstract void Flush();
        public abstract int Read(byte[] buffer, int offset, int count);
        public virtual int ReadByte() => throw null;
        public abstract long Seek(long offset, SeekOrigin origin);
        public abstract void SetLength(long value);
        public abstract void Write(byte[] buffer, int offset, int count);
        public virtual void WriteByte(byte value) => throw null;
    }
}
