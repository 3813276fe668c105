// Marks a method that never runs on the normal per-frame path: it runs on the way to a throw, or
// for diagnostics the application opted into (a log handler set, at a level that enables the line).
// Such a method may build strings. tests/perframe (ColdCode.cs) does not enter it, so the rule it
// enforces reads: with no log handler (the default), a frame sent or received loads no string
// literal, boxes nothing and allocates nothing on the nanoCLR. Callers guard every call with
// IsLogEnabled (or a throw), which is what makes the mark true.
using System;

namespace Usmp
{
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class ColdPathAttribute : Attribute
    {
    }
}
