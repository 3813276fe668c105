// Inserting probe instructions into a method body without changing what it computes.
using System.Collections.Generic;
using Mono.Cecil.Cil;

namespace Usmp.Bench.Instruments
{
    internal static class IlEdit
    {
        // Inserts `code` so it runs right before `at` on EVERY path that reaches `at`: branches and
        // exception-handler boundaries that named `at` now name the first inserted instruction. A
        // prefix (constrained., tail., ...) stays glued to its instruction: the code goes before it.
        public static void InsertBefore(MethodBody body, Instruction at, params Instruction[] code)
        {
            while (at.Previous != null && at.Previous.OpCode.OpCodeType == OpCodeType.Prefix)
            {
                at = at.Previous;
            }
            ILProcessor il = body.GetILProcessor();
            foreach (Instruction instruction in code)
            {
                il.InsertBefore(at, instruction);
            }
            Retarget(body, at, code[0], new HashSet<Instruction>(code));
        }

        private static void Retarget(MethodBody body, Instruction from, Instruction to, HashSet<Instruction> inserted)
        {
            foreach (Instruction instruction in body.Instructions)
            {
                if (inserted.Contains(instruction))
                {
                    continue;
                }
                if (instruction.Operand == from)
                {
                    instruction.Operand = to;
                }
                else if (instruction.Operand is Instruction[] targets)
                {
                    for (int i = 0; i < targets.Length; i++)
                    {
                        if (targets[i] == from)
                        {
                            targets[i] = to;
                        }
                    }
                }
            }
            foreach (ExceptionHandler handler in body.ExceptionHandlers)
            {
                if (handler.TryStart == from) handler.TryStart = to;
                if (handler.TryEnd == from) handler.TryEnd = to;
                if (handler.HandlerStart == from) handler.HandlerStart = to;
                if (handler.HandlerEnd == from) handler.HandlerEnd = to;
                if (handler.FilterStart == from) handler.FilterStart = to;
            }
        }
    }
}
