// Identity only: System.Net and System.Device.Wifi depend on this package, so a project that
// references them also lists it. None of its types (EventSink, BaseEvent ...) is declared here because
// our code has no use for them; add a member only after confirming it in nanoframework/nanoFramework.Runtime.Events.
