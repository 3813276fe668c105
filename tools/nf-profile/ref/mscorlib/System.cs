// Core types the C# compiler needs from a corlib plus the System members our code may use.
// Every member: nanoframework/CoreLibrary (1.17 line) or shared/spec/nanoframework.md; see ../../README.md.
// Deliberately absent (not in mscorlib 1.17): generics of any kind, Nullable<T>, Span<T>, ValueTuple,
// Math, Decimal arithmetic, GC.Collect, Array.Resize/Reverse, BinaryPrimitives.
#pragma warning disable CS0660, CS0661, CS0626, CS0824, CS0169, CS0067
namespace System
{
    public class Object
    {
        public Object() { }
        ~Object() { }
        public virtual bool Equals(object obj) => throw null;
        public static bool Equals(object objA, object objB) => throw null;
        public static bool ReferenceEquals(object objA, object objB) => throw null;
        public virtual int GetHashCode() => throw null;
        public Type GetType() => throw null;
        public virtual string ToString() => throw null;
        protected object MemberwiseClone() => throw null;
    }

    public abstract class ValueType
    {
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
        public override string ToString() => throw null;
    }

    public abstract class Enum : ValueType
    {
        public bool HasFlag(Enum flag) => throw null;
        public override string ToString() => throw null;
    }

    public struct Void { }

    public struct Boolean
    {
        public const string TrueString = "True";
        public const string FalseString = "False";
        public override string ToString() => throw null;
        public static bool Parse(string value) => throw null;
    }

    public struct Char
    {
        public const char MaxValue = (char)0xFFFF;
        public const char MinValue = (char)0;
        public override string ToString() => throw null;
        public char ToLower() => throw null;
        public char ToUpper() => throw null;
    }

    public struct SByte
    {
        public const sbyte MaxValue = 127;
        public const sbyte MinValue = -128;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static sbyte Parse(string s) => throw null;
    }

    public struct Byte
    {
        public const byte MaxValue = 255;
        public const byte MinValue = 0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static byte Parse(string s) => throw null;
        public static bool TryParse(string s, out byte result) => throw null;
    }

    public struct Int16
    {
        public const short MaxValue = 32767;
        public const short MinValue = -32768;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static short Parse(string s) => throw null;
        public static bool TryParse(string s, out short result) => throw null;
    }

    public struct UInt16
    {
        public const ushort MaxValue = 65535;
        public const ushort MinValue = 0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static ushort Parse(string s) => throw null;
        public static bool TryParse(string s, out ushort result) => throw null;
    }

    public struct Int32
    {
        public const int MaxValue = 2147483647;
        public const int MinValue = -2147483648;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static int Parse(string s) => throw null;
        public static bool TryParse(string s, out int result) => throw null;
    }

    public struct UInt32
    {
        public const uint MaxValue = 4294967295;
        public const uint MinValue = 0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static uint Parse(string s) => throw null;
        public static bool TryParse(string s, out uint result) => throw null;
    }

    public struct Int64
    {
        public const long MaxValue = 9223372036854775807;
        public const long MinValue = -9223372036854775808;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static long Parse(string s) => throw null;
        public static bool TryParse(string s, out long result) => throw null;
    }

    public struct UInt64
    {
        public const ulong MaxValue = 18446744073709551615;
        public const ulong MinValue = 0;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static ulong Parse(string s) => throw null;
        public static bool TryParse(string s, out ulong result) => throw null;
    }

    public struct Single
    {
        public const float MaxValue = 3.40282347E+38f;
        public const float MinValue = -3.40282347E+38f;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static float Parse(string s) => throw null;
        public static bool IsNaN(float f) => throw null;
    }

    public struct Double
    {
        public const double MaxValue = 1.7976931348623157E+308;
        public const double MinValue = -1.7976931348623157E+308;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static double Parse(string s) => throw null;
        public static bool TryParse(string s, out double result) => throw null;
        public static bool IsNaN(double d) => throw null;
    }

    public struct IntPtr
    {
        public static readonly IntPtr Zero;
    }

    public struct UIntPtr { }

    public struct RuntimeTypeHandle { }
    public struct RuntimeFieldHandle { }
    public struct RuntimeMethodHandle { }

    public sealed class String : IComparable
    {
        public static readonly string Empty = "";
        public String(char[] value) { }
        public String(char[] value, int startIndex, int length) { }
        public String(char c, int count) { }
        [Runtime.CompilerServices.IndexerName("Chars")]
        public char this[int index] => throw null;
        public int Length => throw null;
        public static bool operator ==(string a, string b) => throw null;
        public static bool operator !=(string a, string b) => throw null;
        public override bool Equals(object obj) => throw null;
        public static bool Equals(string a, string b) => throw null;
        public override int GetHashCode() => throw null;
        public override string ToString() => throw null;
        public static int Compare(string strA, string strB) => throw null;
        public int CompareTo(object value) => throw null;
        public int CompareTo(string strB) => throw null;
        public static string Concat(object arg0) => throw null;
        public static string Concat(object arg0, object arg1) => throw null;
        public static string Concat(object arg0, object arg1, object arg2) => throw null;
        public static string Concat(params object[] args) => throw null;
        public static string Concat(string str0, string str1) => throw null;
        public static string Concat(string str0, string str1, string str2) => throw null;
        public static string Concat(string str0, string str1, string str2, string str3) => throw null;
        public static string Concat(params string[] values) => throw null;
        public static string Format(string format, params object[] args) => throw null;
        public static bool IsNullOrEmpty(string value) => throw null;
        public bool Contains(string value) => throw null;
        public bool StartsWith(string value) => throw null;
        public bool EndsWith(string value) => throw null;
        public int IndexOf(char value) => throw null;
        public int IndexOf(char value, int startIndex) => throw null;
        public int IndexOf(char value, int startIndex, int count) => throw null;
        public int IndexOf(string value) => throw null;
        public int IndexOf(string value, int startIndex) => throw null;
        public int IndexOf(string value, int startIndex, int count) => throw null;
        public int IndexOfAny(char[] anyOf) => throw null;
        public int LastIndexOf(char value) => throw null;
        public int LastIndexOf(string value) => throw null;
        public string Substring(int startIndex) => throw null;
        public string Substring(int startIndex, int length) => throw null;
        public string[] Split(params char[] separator) => throw null;
        public string[] Split(char[] separator, int count) => throw null;
        public string Trim() => throw null;
        public string Trim(params char[] trimChars) => throw null;
        public string TrimStart(params char[] trimChars) => throw null;
        public string TrimEnd(params char[] trimChars) => throw null;
        public string ToLower() => throw null;
        public string ToUpper() => throw null;
        public string PadLeft(int totalWidth) => throw null;
        public string PadLeft(int totalWidth, char paddingChar) => throw null;
        public string PadRight(int totalWidth) => throw null;
        public string PadRight(int totalWidth, char paddingChar) => throw null;
        public char[] ToCharArray() => throw null;
        public char[] ToCharArray(int startIndex, int length) => throw null;
    }

    public abstract class Array : ICloneable, Collections.IList
    {
        public int Length => throw null;
        public int Rank => throw null;
        public static Array CreateInstance(Type elementType, int length) => throw null;
        public static void Copy(Array sourceArray, Array destinationArray, int length) => throw null;
        public static void Copy(Array sourceArray, int sourceIndex, Array destinationArray, int destinationIndex, int length) => throw null;
        public static void Clear(Array array, int index, int length) => throw null;
        public static int IndexOf(Array array, object value) => throw null;
        public static int IndexOf(Array array, object value, int startIndex) => throw null;
        public static int IndexOf(Array array, object value, int startIndex, int count) => throw null;
        public object GetValue(int index) => throw null;
        public void SetValue(object value, int index) => throw null;
        public object Clone() => throw null;
        public void CopyTo(Array array, int index) => throw null;
        public Collections.IEnumerator GetEnumerator() => throw null;
        public int Count => throw null;
        public object SyncRoot => throw null;
        public bool IsSynchronized => throw null;
        public bool IsReadOnly => throw null;
        public bool IsFixedSize => throw null;
        object Collections.IList.this[int index] { get => throw null; set => throw null; }
        int Collections.IList.Add(object value) => throw null;
        void Collections.IList.Clear() => throw null;
        bool Collections.IList.Contains(object value) => throw null;
        int Collections.IList.IndexOf(object value) => throw null;
        void Collections.IList.Insert(int index, object value) => throw null;
        void Collections.IList.Remove(object value) => throw null;
        void Collections.IList.RemoveAt(int index) => throw null;
    }

    public abstract class Delegate
    {
        public object Target => throw null;
        public static Delegate Combine(Delegate a, Delegate b) => throw null;
        public static Delegate Remove(Delegate source, Delegate value) => throw null;
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
        public static bool operator ==(Delegate d1, Delegate d2) => throw null;
        public static bool operator !=(Delegate d1, Delegate d2) => throw null;
    }

    public abstract class MulticastDelegate : Delegate
    {
        public static bool operator ==(MulticastDelegate d1, MulticastDelegate d2) => throw null;
        public static bool operator !=(MulticastDelegate d1, MulticastDelegate d2) => throw null;
    }

    public delegate void Action();
    public delegate void AsyncCallback(IAsyncResult ar);
    public delegate void EventHandler(object sender, EventArgs e);

    public interface IAsyncResult
    {
        bool IsCompleted { get; }
        object AsyncState { get; }
        Threading.WaitHandle AsyncWaitHandle { get; }
        bool CompletedSynchronously { get; }
    }

    public class EventArgs
    {
        public static readonly EventArgs Empty;
        public EventArgs() { }
    }

    public abstract class Type : Reflection.MemberInfo
    {
        public static Type GetTypeFromHandle(RuntimeTypeHandle handle) => throw null;
        public abstract string FullName { get; }
        public abstract Type BaseType { get; }
        public bool IsArray => throw null;
        public bool IsClass => throw null;
        public bool IsValueType => throw null;
        public bool IsEnum => throw null;
        public bool IsInterface => throw null;
        public virtual bool IsInstanceOfType(object o) => throw null;
        public virtual bool IsSubclassOf(Type c) => throw null;
        public abstract Type GetElementType();
        public static Type GetType(string typeName) => throw null;
    }

    public interface IDisposable
    {
        void Dispose();
    }

    public interface ICloneable
    {
        object Clone();
    }

    public interface IComparable
    {
        int CompareTo(object obj);
    }

    public interface IFormatProvider
    {
        object GetFormat(Type formatType);
    }

    public interface IFormattable
    {
        string ToString(string format, IFormatProvider formatProvider);
    }

    public abstract class MarshalByRefObject { }

    // ---- attributes ----------------------------------------------------------------------------
    [AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
    public abstract class Attribute
    {
        protected Attribute() { }
    }

    [Flags]
    public enum AttributeTargets
    {
        Assembly = 0x0001, Module = 0x0002, Class = 0x0004, Struct = 0x0008, Enum = 0x0010,
        Constructor = 0x0020, Method = 0x0040, Property = 0x0080, Field = 0x0100, Event = 0x0200,
        Interface = 0x0400, Parameter = 0x0800, Delegate = 0x1000, ReturnValue = 0x2000,
        GenericParameter = 0x4000, All = 0x7FFF,
    }

    [AttributeUsage(AttributeTargets.Class, Inherited = true)]
    public sealed class AttributeUsageAttribute : Attribute
    {
        public AttributeUsageAttribute(AttributeTargets validOn) { }
        public AttributeTargets ValidOn => throw null;
        public bool AllowMultiple { get => throw null; set { } }
        public bool Inherited { get => throw null; set { } }
    }

    [AttributeUsage(AttributeTargets.Enum, Inherited = false)]
    public class FlagsAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Parameter, Inherited = true, AllowMultiple = false)]
    public sealed class ParamArrayAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Delegate, Inherited = false)]
    public sealed class SerializableAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Field, Inherited = false)]
    public sealed class NonSerializedAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.All, Inherited = true, AllowMultiple = false)]
    public sealed class CLSCompliantAttribute : Attribute
    {
        public CLSCompliantAttribute(bool isCompliant) { }
        public bool IsCompliant => throw null;
    }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum | AttributeTargets.Constructor | AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Event | AttributeTargets.Interface | AttributeTargets.Delegate, Inherited = false)]
    public sealed class ObsoleteAttribute : Attribute
    {
        public ObsoleteAttribute() { }
        public ObsoleteAttribute(string message) { }
        public ObsoleteAttribute(string message, bool error) { }
        public string Message => throw null;
        public bool IsError => throw null;
    }

    // ---- exceptions ----------------------------------------------------------------------------
    public class Exception
    {
        public Exception() { }
        public Exception(string message) { }
        public Exception(string message, Exception innerException) { }
        public virtual string Message => throw null;
        public Exception InnerException => throw null;
        public virtual string StackTrace => throw null;
        public override string ToString() => throw null;
    }

    public class SystemException : Exception
    {
        public SystemException() { }
        public SystemException(string message) { }
        public SystemException(string message, Exception innerException) { }
    }

    public class ApplicationException : Exception
    {
        public ApplicationException() { }
        public ApplicationException(string message) { }
        public ApplicationException(string message, Exception innerException) { }
    }

    public class ArgumentException : SystemException
    {
        public ArgumentException() { }
        public ArgumentException(string message) { }
        public ArgumentException(string message, Exception innerException) { }
        public ArgumentException(string message, string paramName) { }
        public ArgumentException(string message, string paramName, Exception innerException) { }
        public virtual string ParamName => throw null;
    }

    public class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException() { }
        public ArgumentNullException(string paramName) { }
        public ArgumentNullException(string paramName, string message) { }
    }

    public class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() { }
        public ArgumentOutOfRangeException(string paramName) { }
        public ArgumentOutOfRangeException(string paramName, string message) { }
    }

    public class InvalidOperationException : SystemException
    {
        public InvalidOperationException() { }
        public InvalidOperationException(string message) { }
        public InvalidOperationException(string message, Exception innerException) { }
    }

    // CoreLibrary ObjectDisposedException.cs: derives from SystemException; no ObjectName, no (name, message).
    public class ObjectDisposedException : SystemException
    {
        public ObjectDisposedException() { }
        public ObjectDisposedException(string message) { }
        public ObjectDisposedException(string message, Exception innerException) { }
    }

    public class NotSupportedException : SystemException
    {
        public NotSupportedException() { }
        public NotSupportedException(string message) { }
        public NotSupportedException(string message, Exception innerException) { }
    }

    public class PlatformNotSupportedException : NotSupportedException
    {
        public PlatformNotSupportedException() { } // the only ctor (CoreLibrary PlatformNotSupportedException.cs)
    }

    public class NotImplementedException : SystemException
    {
        public NotImplementedException() { }
        public NotImplementedException(string message) { }
        public NotImplementedException(string message, Exception innerException) { }
    }

    public class IndexOutOfRangeException : SystemException
    {
        public IndexOutOfRangeException() { }
        public IndexOutOfRangeException(string message) { }
        public IndexOutOfRangeException(string message, Exception innerException) { }
    }

    public class NullReferenceException : SystemException
    {
        public NullReferenceException() { }
        public NullReferenceException(string message) { }
        public NullReferenceException(string message, Exception innerException) { }
    }

    public class InvalidCastException : SystemException
    {
        public InvalidCastException() { }
        public InvalidCastException(string message) { }
        public InvalidCastException(string message, Exception innerException) { }
    }

    public class FormatException : SystemException
    {
        public FormatException() { }
        public FormatException(string message) { }
        public FormatException(string message, Exception innerException) { }
    }

    public class OutOfMemoryException : SystemException
    {
        public OutOfMemoryException() { }
        public OutOfMemoryException(string message) { }
        public OutOfMemoryException(string message, Exception innerException) { }
    }

    // ---- value types and helpers ---------------------------------------------------------------
    public struct TimeSpan
    {
        public const long TicksPerMillisecond = 10000;
        public const long TicksPerSecond = 10000000;
        public const long TicksPerMinute = 600000000;
        public const long TicksPerHour = 36000000000;
        public const long TicksPerDay = 864000000000;
        public static readonly TimeSpan Zero;
        public static readonly TimeSpan MaxValue;
        public static readonly TimeSpan MinValue;
        public TimeSpan(long ticks) { }
        public TimeSpan(int hours, int minutes, int seconds) { }
        public TimeSpan(int days, int hours, int minutes, int seconds) { }
        public TimeSpan(int days, int hours, int minutes, int seconds, int milliseconds) { }
        public long Ticks => throw null;
        public int Days => throw null;
        public int Hours => throw null;
        public int Minutes => throw null;
        public int Seconds => throw null;
        public int Milliseconds => throw null;
        public double TotalDays => throw null;
        public double TotalHours => throw null;
        public double TotalMinutes => throw null;
        public double TotalSeconds => throw null;
        public double TotalMilliseconds => throw null;
        public static TimeSpan FromTicks(long value) => throw null;
        public static TimeSpan FromMilliseconds(long value) => throw null;
        public static TimeSpan FromSeconds(long value) => throw null;
        public static TimeSpan FromMinutes(long value) => throw null;
        public static TimeSpan FromHours(long value) => throw null;
        public static TimeSpan FromDays(long value) => throw null;
        public TimeSpan Add(TimeSpan ts) => throw null;
        public TimeSpan Subtract(TimeSpan ts) => throw null;
        public TimeSpan Negate() => throw null;
        public TimeSpan Duration() => throw null;
        public int CompareTo(object value) => throw null;
        public static int Compare(TimeSpan t1, TimeSpan t2) => throw null;
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
        public override string ToString() => throw null;
        public static TimeSpan operator -(TimeSpan t) => throw null;
        public static TimeSpan operator -(TimeSpan t1, TimeSpan t2) => throw null;
        public static TimeSpan operator +(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator ==(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator !=(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator <(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator <=(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator >(TimeSpan t1, TimeSpan t2) => throw null;
        public static bool operator >=(TimeSpan t1, TimeSpan t2) => throw null;
    }

    // CoreLibrary DateTime.cs: no Unspecified; Local is [Obsolete(error)] (nanoFramework is UTC only).
    public enum DateTimeKind { Utc = 1, [Obsolete("nanoFramework doesn't support local time", true)] Local = 2 }

    public enum DayOfWeek { Sunday = 0, Monday = 1, Tuesday = 2, Wednesday = 3, Thursday = 4, Friday = 5, Saturday = 6 }

    public struct DateTime
    {
        public static readonly DateTime MinValue;
        public static readonly DateTime MaxValue;
        public DateTime(long ticks) { }
        public DateTime(long ticks, DateTimeKind kind) { }
        public DateTime(int year, int month, int day) { }
        public DateTime(int year, int month, int day, int hour, int minute, int second) { }
        public DateTime(int year, int month, int day, int hour, int minute, int second, int millisecond) { }
        public static DateTime UtcNow => throw null;
        public static DateTime Today => throw null;
        public long Ticks => throw null;
        public DateTimeKind Kind => throw null;
        public int Year => throw null;
        public int Month => throw null;
        public int Day => throw null;
        public int Hour => throw null;
        public int Minute => throw null;
        public int Second => throw null;
        public int Millisecond => throw null;
        public DayOfWeek DayOfWeek => throw null;
        public int DayOfYear => throw null;
        public DateTime Date => throw null;
        public TimeSpan TimeOfDay => throw null;
        public DateTime Add(TimeSpan val) => throw null;
        public DateTime AddMilliseconds(double val) => throw null;
        public DateTime AddSeconds(double val) => throw null;
        public DateTime AddMinutes(double val) => throw null;
        public DateTime AddHours(double val) => throw null;
        public DateTime AddDays(double val) => throw null;
        public DateTime AddTicks(long val) => throw null;
        public TimeSpan Subtract(DateTime val) => throw null;
        public DateTime Subtract(TimeSpan val) => throw null;
        public int CompareTo(object val) => throw null;
        public override bool Equals(object obj) => throw null;
        public override int GetHashCode() => throw null;
        public override string ToString() => throw null;
        public string ToString(string format) => throw null;
        public static TimeSpan operator -(DateTime d1, DateTime d2) => throw null;
        public static DateTime operator -(DateTime d, TimeSpan t) => throw null;
        public static DateTime operator +(DateTime d, TimeSpan t) => throw null;
        public static bool operator ==(DateTime d1, DateTime d2) => throw null;
        public static bool operator !=(DateTime d1, DateTime d2) => throw null;
        public static bool operator <(DateTime t1, DateTime t2) => throw null;
        public static bool operator <=(DateTime t1, DateTime t2) => throw null;
        public static bool operator >(DateTime t1, DateTime t2) => throw null;
        public static bool operator >=(DateTime t1, DateTime t2) => throw null;
    }

    // System.SpanByte: the only span type of the stable line (spec section 1; CoreLibrary SpanByte.cs).
    [CLSCompliant(false)]
    public readonly ref struct SpanByte
    {
        public SpanByte(byte[] array) { throw null; }
        public SpanByte(byte[] array, int start, int length) { throw null; }
        public byte this[int index] { get => throw null; set { } }
        public static SpanByte Empty => throw null;
        public int Length => throw null;
        public bool IsEmpty => throw null;
        public void CopyTo(SpanByte destination) => throw null;
        public SpanByte Slice(int start) => throw null;
        public SpanByte Slice(int start, int length) => throw null;
        public byte[] ToArray() => throw null;
        public static implicit operator SpanByte(byte[] array) => throw null;
    }

    public static class BitConverter
    {
        public static bool IsLittleEndian => throw null;
        public static long DoubleToInt64Bits(double value) => throw null;
        public static double Int64BitsToDouble(long value) => throw null;
        public static byte[] GetBytes(bool value) => throw null;
        public static byte[] GetBytes(char value) => throw null;
        public static byte[] GetBytes(double value) => throw null;
        public static byte[] GetBytes(float value) => throw null;
        public static byte[] GetBytes(int value) => throw null;
        public static byte[] GetBytes(long value) => throw null;
        public static byte[] GetBytes(short value) => throw null;
        public static byte[] GetBytes(uint value) => throw null;
        public static byte[] GetBytes(ulong value) => throw null;
        public static byte[] GetBytes(ushort value) => throw null;
        public static bool ToBoolean(byte[] value, int startIndex) => throw null;
        public static char ToChar(byte[] value, int startIndex) => throw null;
        public static double ToDouble(byte[] value, int startIndex) => throw null;
        public static short ToInt16(byte[] value, int startIndex) => throw null;
        public static int ToInt32(byte[] value, int startIndex) => throw null;
        public static long ToInt64(byte[] value, int startIndex) => throw null;
        public static float ToSingle(byte[] value, int startIndex) => throw null;
        public static string ToString(byte[] value) => throw null;
        public static string ToString(byte[] value, int startIndex) => throw null;
        public static string ToString(byte[] value, int startIndex, int length) => throw null;
        public static ushort ToUInt16(byte[] value, int startIndex) => throw null;
        public static uint ToUInt32(byte[] value, int startIndex) => throw null;
        public static ulong ToUInt64(byte[] value, int startIndex) => throw null;
    }

    public static class Convert
    {
        public static string ToBase64String(byte[] inArray) => throw null;
        public static string ToBase64String(byte[] inArray, int offset, int length) => throw null;
        public static byte[] FromBase64String(string inString) => throw null;
        // One method each with an optional fromBase (CoreLibrary Convert.cs); bases other than 10 may throw
        // NotImplementedException on some platforms.
        public static byte ToByte(string value, int fromBase = 10) => throw null;
        public static ushort ToUInt16(string value, int fromBase = 10) => throw null;
        public static int ToInt32(string value, int fromBase = 10) => throw null;
        public static uint ToUInt32(string value, int fromBase = 10) => throw null;
        public static long ToInt64(string value, int fromBase = 10) => throw null;
    }

    public class Random
    {
        public Random() { }
        public Random(int seed) { }
        public virtual int Next() => throw null;
        public virtual int Next(int maxValue) => throw null;
        public virtual double NextDouble() => throw null;
        public virtual void NextBytes(byte[] buffer) => throw null;
    }

    // Only these three: no GC.Collect on the stable line (spec section 1).
    public static class GC
    {
        public static void SuppressFinalize(object obj) => throw null;
        public static void ReRegisterForFinalize(object obj) => throw null;
        public static void WaitForPendingFinalizers() => throw null;
    }

    public static class Console
    {
        public static void Write(string value) => throw null;
        public static void WriteLine() => throw null;
        public static void WriteLine(string value) => throw null;
    }
}
