// nanoFramework.System.Threading (assembly System.Threading): the cancellation types only (spec section 1;
// the package's nfproj compiles CancellationToken, CancellationTokenRegistration, CancellationTokenSource,
// OperationCanceledException - its Task/async sources are NOT compiled into the stable package).
namespace System.Threading
{
    public struct CancellationToken
    {
        public CancellationToken(bool canceled) { }
        public static CancellationToken None => throw null;
        public bool IsCancellationRequested => throw null;
        public bool CanBeCanceled => throw null;
        public WaitHandle WaitHandle => throw null;
        public void ThrowIfCancellationRequested() => throw null;
        public CancellationTokenRegistration Register(Action callback) => throw null;
    }

    public struct CancellationTokenRegistration : IDisposable
    {
        public void Dispose() => throw null;
    }

    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource() { }
        public CancellationTokenSource(int millisecondsDelay) { }
        public CancellationTokenSource(TimeSpan delay) { }
        public bool IsCancellationRequested => throw null;
        public CancellationToken Token => throw null;
        public void Cancel() => throw null;
        public void Cancel(bool throwOnFirstException) => throw null;
        public void CancelAfter(int millisecondsDelay) => throw null;
        public void CancelAfter(TimeSpan delay) => throw null;
        public void Dispose() => throw null;
        protected virtual void Dispose(bool disposing) => throw null;
    }

    public class OperationCanceledException : SystemException
    {
        public OperationCanceledException() { }
        public OperationCanceledException(string message) { }
        public OperationCanceledException(CancellationToken token) { }
        public CancellationToken CancellationToken => throw null;
    }
}
