using System.Diagnostics.CodeAnalysis;
using Akka.Payments.Shared.DeadLetters;

namespace Akka.Payments.Node.Kafka.CloudEvents;

/// <summary>Either a <see cref="DecodedInput"/> or a <see cref="DeadLetters.Rejection"/> that sends the record to the DLQ.</summary>
public readonly struct DecodeResult
{
    private DecodeResult(DecodedInput? input, Rejection? rejection)
    {
        Input = input;
        Rejection = rejection;
    }

    public DecodedInput? Input { get; }
    public Rejection? Rejection { get; }

    [MemberNotNullWhen(true, nameof(Input))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsSuccess => Input is not null;

    public static DecodeResult Success(DecodedInput input) => new(input, null);
    public static implicit operator DecodeResult(Rejection rejection) => new(null, rejection);

    public override string ToString() => IsSuccess ? $"decoded {Input}" : $"rejected {Rejection}";
}
