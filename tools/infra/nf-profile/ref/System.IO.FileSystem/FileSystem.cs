// nanoFramework.System.IO.FileSystem: file access to the littlefs "config" partition (drive I:\, spec
// section 3). Only File/FileStream/FileMode/FileAccess (files File.cs, FileStream.cs, FileMode.cs,
// FileAccess.cs in nanoframework/System.IO.FileSystem).
namespace System.IO
{
    public enum FileMode { CreateNew = 1, Create = 2, Open = 3, OpenOrCreate = 4, Truncate = 5, Append = 6 }

    [Flags]
    public enum FileAccess { Read = 1, Write = 2, ReadWrite = 3 }

    public static class File
    {
        // Exists and Delete are in every stored File.cs. ReadAllBytes/WriteAllBytes/ReadAllText/WriteAllText
        // are only in the newest one, not proven for package 1.1.87: not declared (use FileStream).
        public static bool Exists(string path) => throw null;
        public static void Delete(string path) => throw null;
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode) { }
        public FileStream(string path, FileMode mode, FileAccess access) { }
        public string Name => throw null;
        public override bool CanRead => throw null;
        public override bool CanSeek => throw null;
        public override bool CanWrite => throw null;
        public override long Length => throw null;
        public override long Position { get => throw null; set { } }
        public override void Flush() => throw null;
        public override int Read(SpanByte buffer) => throw null;
        public override int Read(byte[] buffer, int offset, int count) => throw null;
        public override long Seek(long offset, SeekOrigin origin) => throw null;
        public override void SetLength(long value) => throw null;
        public override void Write(byte[] buffer, int offset, int count) => throw null;
    }
}
