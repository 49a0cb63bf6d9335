using Akka.Payments.Node.Kafka.CloudEvents;
using Akka.Payments.Shared.Events;
using Confluent.Kafka;

namespace Akka.Payments.Node.Tests.EndToEnd;

/// <summary>
/// One hot account's history as an upstream sends it, and the same history sent again: credits and 5,000 payments
/// over twelve days, in bursts that pass the velocity limit, on days that pass the daily limit, with a stretch where the
/// money runs out, some amounts over the limit and some currencies the account has no money in or that are not
/// allowed. The replay is the same records, byte for byte, except for each CloudEvent's id (an outbox replayed, a
/// file re-sent).
/// </summary>
public sealed class ReplayScenario
{
    public const string Account = "acct-replay-hot";
    public const string Source = "/upstream/outbox";

    /// <summary>The rules the node runs with (<c>Rules__*</c>), and the reference model's.</summary>
    public const decimal MaxAmount = 1_000m;
    public const int VelocityPerMinute = 20;
    public const decimal DailyLimit = 20_000m;

    /// <summary>The dedup window's default, set explicitly so that the scenario outgrows it whatever the default
    /// becomes.</summary>
    public const int DedupWindow = 1_000;

    private static readonly Lazy<ReplayScenario> Shared = new(() => Generate());
    private readonly Lazy<ReferenceModel> _model;

    private ReplayScenario(IReadOnlyList<IInputEvent> inputs, DateTimeOffset start)
    {
        Inputs = inputs;
        _model = new Lazy<ReferenceModel>(() =>
        {
            var model = new ReferenceModel(MaxAmount, VelocityPerMinute, DailyLimit);
            foreach (var input in Inputs) model.Apply(input);
            return model;
        });
        Originals = Encode(inputs, "original", start);
        Replay = Encode(inputs, "replay", start);
    }

    public IReadOnlyList<IInputEvent> Inputs { get; }

    public IReadOnlyList<Message<string, byte[]>> Originals { get; }

    public IReadOnlyList<Message<string, byte[]>> Replay { get; }

    public static Dictionary<string, string> NodeEnvironment() => new()
    {
        ["Rules__MaxAmount"] = MaxAmount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Rules__VelocityPerMinute"] = VelocityPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Rules__DailyLimit"] = DailyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Payments__Accounts__DedupWindow"] = DedupWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The default scenario, generated once per test run (the model takes seconds to compute).</summary>
    public static ReplayScenario Default => Shared.Value;

    /// <summary>The reference model after every input once: what each request must be answered, the final balances.</summary>
    public ReferenceModel Model => _model.Value;

    /// <summary>
    /// The history starts at midnight UTC two weeks before today and ends before today, so that it always lies
    /// within any idempotency retention (30 days by default) measured from now; within a run the originals and the replay are identical.
    /// </summary>
    public static ReplayScenario Generate(int payments = 5_000, int seed = 9)
    {
        var start = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-14), TimeSpan.Zero);
        var random = new Random(seed);
        var inputs = new List<IInputEvent>();
        var at = start;
        inputs.Add(new AccountCredited("credit-opening", Account, 60_000m, "EUR", at));
        for (var i = 0; i < payments; i++)
        {
            // Bursts of payments 0.2 to 3 s apart (the velocity limit), now and then a pause of up to two hours.
            at += random.Next(20) == 0
                ? TimeSpan.FromSeconds(random.Next(60, 8_000))
                : TimeSpan.FromMilliseconds(random.Next(200, 3_000));
            if (i is 1_800 or 3_000 or 4_000) // the money ran out before the first top-up
                inputs.Add(new AccountCredited($"credit-topup-{i}", Account, i == 4_000 ? 400_000m : 150_000m, "EUR", at));

            var pick = random.Next(200);
            var (amount, currency) = pick switch
            {
                < 3 => (MaxAmount + 0.01m + random.Next(0, 4_000), "EUR"), // over the limit
                < 5 => (random.Next(1, 80) + 0.5m, "USD"),                // no money in USD
                < 6 => (random.Next(1, 80), "JPY"),                       // not allowed
                _ => (random.Next(1, 150) + random.Next(0, 100) / 100m, "EUR"),
            };
            inputs.Add(new PaymentRequested($"hot-pay-{i:D5}", Account, $"merchant-{i % 17}", amount, currency, "DE", at));
        }
        return new ReplayScenario(inputs, start);
    }

    private static List<Message<string, byte[]>> Encode(IReadOnlyList<IInputEvent> inputs, string idPrefix, DateTimeOffset start) =>
        inputs.Select((input, n) => KafkaCloudEventEncoder.Binary(input, $"{idPrefix}-{n:D5}", Source, TimeOf(input, start))).ToList();

    private static DateTimeOffset TimeOf(IInputEvent input, DateTimeOffset start) => input switch
    {
        PaymentRequested p => p.RequestedAt,
        AccountCredited c => c.CreditedAt,
        _ => start,
    };
}
