// nanoFramework.System.Text: Encoding.UTF8 and StringBuilder (spec section 1).
namespace System.Text
{
    public abstract class Encoding
    {
        public static Encoding UTF8 => throw null;
        public virtual byte[] GetBytes(string s) => throw null;
        public virtual int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) => throw null;
        public virtual char[] GetChars(byte[] bytes) => throw null;
        public virtual char[] GetChars(byte[] bytes, int byteIndex, int byteCount) => throw null;
        public virtual string GetString(byte[] bytes, int index, int count) => throw null;
    }

    // UTF8Encoding's methods are the native ones (nf-interpreter nf_system_text method table: GetBytes(string),
    // GetBytes(string,int,int,byte[],int), GetChars(byte[]), GetChars(byte[],int,int)); reach them through
    // Encoding.UTF8. Its public constructor was not confirmed, so it is not declared public here.
    public class UTF8Encoding : Encoding
    {
        internal UTF8Encoding() { }
    }

    public sealed class StringBuilder
    {
        public StringBuilder() { }
        public StringBuilder(int capacity) { }
        public StringBuilder(string value) { }
        public int Length { get => throw null; set { } }
        public int Capacity { get => throw null; set { } }
        public char this[int index] { get => throw null; set { } }
        public StringBuilder Append(string value) => throw null;
        public StringBuilder Append(char value) => throw null;
        public StringBuilder Append(char value, int repeatCount) => throw null;
        public StringBuilder Append(bool value) => throw null;
        public StringBuilder Append(byte value) => throw null;
        public StringBuilder Append(int value) => throw null;
        public StringBuilder Append(uint value) => throw null;
        public StringBuilder Append(long value) => throw null;
        public StringBuilder Append(ulong value) => throw null;
        public StringBuilder Append(object value) => throw null;
        public StringBuilder Append(char[] value) => throw null;
        public StringBuilder AppendLine() => throw null;
        public StringBuilder AppendLine(string str) => throw null;
        public StringBuilder Insert(int index, string value, int count) => throw null; // no Insert(int, string)
        public StringBuilder Remove(int startIndex, int length) => throw null;
        public StringBuilder Replace(string oldValue, string newValue) => throw null;
        public StringBuilder Clear() => throw null;
        public override string ToString() => throw null;
        public string ToString(int startIndex, int length) => throw null;
    }
}
