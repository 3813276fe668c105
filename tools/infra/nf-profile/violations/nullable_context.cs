// refs: mscorlib
// expect: FAIL compiler-synthesized
// #nullable enable makes Roslyn embed NullableAttribute + EmbeddedAttribute: the MetadataProcessor
// trap of spec section 0 (extra types shift the native method table).
#nullable enable
internal static class Fixture
{
    internal static string? Name(bool b) => b ? "x" : null;
}
