// refs: mscorlib
// expect: FAIL generic type definition Box
// Compiles against our corlib (a user-defined generic needs nothing from it); the verifier must catch it.
internal sealed class Box<T>
{
    private T _value;
    public Box(T value) { _value = value; }
    public T Get() => _value;
}
