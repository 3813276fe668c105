// refs: mscorlib
// expect: FAIL IEquatable
internal record Point(int X, int Y);
