namespace Akka.Payments.Node.Ops;

/// <summary>How a message went undelivered, as Akka publishes it on the event stream.</summary>
public enum AkkaDeadLetterKind
{
    /// <summary><c>DeadLetter</c>: the recipient was stopped, or never existed.</summary>
    DeadLetter,

    /// <summary><c>UnhandledMessage</c>: the recipient lives but has no handler for it.</summary>
    Unhandled,

    /// <summary><c>Dropped</c>: an overfull mailbox or buffer, or a router without routees, dropped it.</summary>
    Dropped,
}
