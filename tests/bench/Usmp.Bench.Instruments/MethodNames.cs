// One spelling of a method everywhere (weaver tables, analyzer reports, allow-list):
// Namespace.Type::Name(ParamType,...), nested types as Outer/Inner, parameter types by short name.
using System.Text;
using Mono.Cecil;

namespace Usmp.Bench.Instruments
{
    public static class MethodNames
    {
        public static string Of(MethodReference method)
        {
            StringBuilder text = new StringBuilder();
            text.Append(method.DeclaringType.FullName).Append("::").Append(method.Name).Append('(');
            for (int i = 0; i < method.Parameters.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }
                text.Append(method.Parameters[i].ParameterType.Name);
            }
            return text.Append(')').ToString();
        }

        // The assembly a referenced method lives in (its own module's assembly when local).
        public static string AssemblyOf(MethodReference method, ModuleDefinition from)
        {
            IMetadataScope scope = method.DeclaringType.Scope;
            if (scope is ModuleDefinition module)
            {
                return module.Assembly.Name.Name;
            }
            if (scope is AssemblyNameReference name)
            {
                return name.Name;
            }
            return from.Assembly.Name.Name;
        }
    }
}
