// Shared FsCheck generators.
using FsCheck;
using FsCheck.Fluent;

namespace Usmp.PropertyTests;

public static class Gens
{
    public static readonly Gen<byte> Byte = Gen.Choose(0, 255).Select(i => (byte)i);

    public static Gen<byte[]> Bytes(int length) => Byte.ArrayOf(length);

    public static Gen<byte[]> Bytes(int min, int max) => Gen.Choose(min, max).SelectMany(n => Byte.ArrayOf(n));

    /// <summary>Lengths 0..max with the boundaries (0, 1, max-1, max) weighted in.</summary>
    public static Gen<int> Length(int max) => Gen.Frequency(
        (6, Gen.Choose(0, Math.Min(max, 64))),
        (3, Gen.Choose(0, max)),
        (2, Gen.Elements(0, 1, Math.Max(0, max - 1), max)));

    /// <summary>u32 values, the edges (0, 1, 0xFFFFFFFE, 0xFFFFFFFF, 2^31) weighted in.</summary>
    public static readonly Gen<uint> Seq = Gen.Frequency(
        (4, Gen.Choose(0, 1000).Select(i => (uint)i)),
        (3, Gen.Choose(int.MinValue, int.MaxValue).Select(i => unchecked((uint)i))),
        (2, Gen.Elements(0u, 1u, 0x7FFFFFFFu, 0x80000000u, 0xFFFFFFFEu, 0xFFFFFFFFu)));

    public static readonly Gen<byte> KnownType = Gen.Choose(1, 11).Select(i => (byte)i);

    public static readonly Gen<bool> Bool = Gen.Elements(true, false);

    /// <summary>A generator of a fresh System.Random seed (for inner, data-dependent choices).</summary>
    public static readonly Gen<int> RandomSeed = Gen.Choose(0, int.MaxValue);
}
