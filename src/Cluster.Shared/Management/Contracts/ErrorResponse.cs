namespace Akka.Payments.Shared.Management.Contracts;

/// <summary>The body of every 4xx/5xx answer: one line that says what was wrong; payctl prints it.</summary>
public sealed record ErrorResponse(string Error);
