// Which code of a method runs only when something is being thrown ("cold"): the per-frame
// analyzer neither reports allocations there nor follows calls from there.
//
// COLD, precisely:
//  1. a whole method whose name starts with "Throw" (ThrowIfClosed, ThrowPayload, ...) or that
//     carries an attribute named ColdPathAttribute (any namespace; declare it where needed);
//  2. inside any method, every instruction from which EVERY path ends in `throw` or `rethrow`
//     (the `throw new XException("literal " + x)` after a check; computed as the greatest fixed
//     point over the method's control flow: ret, endfinally, endfilter and jmp are warm exits);
//  3. catch and filter blocks (they run only after an exception); fault blocks too. Finally
//     blocks are warm (they run on the normal path).
// An endless loop without any exit would count as cold; the library has none on its frame path.
using System.Collections.Generic;
using System.Linq;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Usmp.Bench.Instruments
{
    public static class ColdCode
    {
        public const string ThrowPrefix = "Throw";
        public const string ColdAttribute = "ColdPathAttribute";

        public static bool IsColdMethod(MethodDefinition method)
        {
            return method.Name.StartsWith(ThrowPrefix, System.StringComparison.Ordinal)
                || method.CustomAttributes.Any(a => a.AttributeType.Name == ColdAttribute);
        }

        // The cold instructions of a method body (rules 2 and 3).
        public static HashSet<Instruction> Instructions(MethodBody body)
        {
            List<Instruction> code = body.Instructions.ToList();
            Dictionary<Instruction, bool> cold = new Dictionary<Instruction, bool>();
            foreach (Instruction instruction in code)
            {
                cold[instruction] = !IsWarmExit(instruction);
            }
            bool changed = true;
            while (changed)
            {
                changed = false;
                foreach (Instruction instruction in code)
                {
                    if (!cold[instruction] || IsThrow(instruction))
                    {
                        continue;
                    }
                    List<Instruction> next = Successors(instruction);
                    if (next.Count == 0 || next.Any(n => !cold[n]))
                    {
                        cold[instruction] = false;
                        changed = true;
                    }
                }
            }
            HashSet<Instruction> result = new HashSet<Instruction>(code.Where(i => cold[i]));
            foreach (ExceptionHandler handler in body.ExceptionHandlers)
            {
                if (handler.HandlerType == ExceptionHandlerType.Finally)
                {
                    continue;
                }
                Instruction start = handler.HandlerType == ExceptionHandlerType.Filter ? handler.FilterStart : handler.HandlerStart;
                for (Instruction i = start; i != null && i != handler.HandlerEnd; i = i.Next)
                {
                    result.Add(i);
                }
            }
            return result;
        }

        private static bool IsThrow(Instruction instruction)
        {
            return instruction.OpCode.Code == Code.Throw || instruction.OpCode.Code == Code.Rethrow;
        }

        private static bool IsWarmExit(Instruction instruction)
        {
            Code code = instruction.OpCode.Code;
            return code == Code.Ret || code == Code.Endfinally || code == Code.Endfilter || code == Code.Jmp;
        }

        private static List<Instruction> Successors(Instruction instruction)
        {
            List<Instruction> next = new List<Instruction>();
            FlowControl flow = instruction.OpCode.FlowControl;
            if (instruction.Operand is Instruction target)
            {
                next.Add(target);
            }
            else if (instruction.Operand is Instruction[] targets)
            {
                next.AddRange(targets);
            }
            bool fallsThrough = flow != FlowControl.Branch && flow != FlowControl.Return && flow != FlowControl.Throw;
            if (fallsThrough && instruction.Next != null)
            {
                next.Add(instruction.Next);
            }
            return next;
        }
    }
}
