using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Node.Ops;

/// <summary>
/// What this node counted of Akka's undelivered messages (dead letters, unhandled and dropped messages): totals per
/// kind, per message type and per recipient since the start, and per-second slots of the last 5 minutes for the
/// rates. The alert is on once the last minute reaches the threshold and off again once it falls below it.
/// Pure and thread-safe: no actor, the clock is passed in; <see cref="AkkaDeadLetterMonitor"/> feeds it, and the
/// routes and metrics read it.
/// </summary>
public sealed class AkkaDeadLetters
{
    /// <summary>Where a name goes once <see cref="MaxKeys"/> names fill its table.</summary>
    public const string Other = "(other)";

    /// <summary>How many message types and recipients a report lists, each.</summary>
    public const int Top = 10;

    /// <summary>The rate windows: the last minute (the alert's) and the last 5 minutes (an average per minute).</summary>
    public static readonly TimeSpan LastMinuteWindow = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan FiveMinuteWindow = TimeSpan.FromMinutes(5);

    private const int Slots = 300; // one per second of the 5-minute window
    private static readonly AkkaDeadLetterKind[] AllKinds = Enum.GetValues<AkkaDeadLetterKind>();

    private readonly Lock _lock = new();
    private readonly Func<DateTimeOffset> _clock;
    private readonly long[] _totals = new long[AllKinds.Length];
    private readonly long[,] _slotCounts = new long[AllKinds.Length, Slots];
    private readonly long[] _slotSecond = new long[Slots];
    private readonly Dictionary<string, long> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _recipients = new(StringComparer.Ordinal);
    private bool _alert;

    /// <param name="alertPerMinute">The alert's threshold; 0 turns it off.</param>
    /// <param name="clock">The time of an event and of a report.</param>
    /// <param name="maxKeys">Distinct message types (and, separately, recipients) kept by name; the rest count as
    /// <see cref="Other"/>.</param>
    public AkkaDeadLetters(int alertPerMinute, Func<DateTimeOffset> clock, int maxKeys = 200)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(alertPerMinute);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 1);
        AlertPerMinute = alertPerMinute;
        MaxKeys = maxKeys;
        _clock = clock;
        Since = clock();
        Array.Fill(_slotSecond, long.MinValue);
    }

    public int AlertPerMinute { get; }

    public int MaxKeys { get; }

    public DateTimeOffset Since { get; }

    /// <summary>Wire and metric name of a kind: <c>dead_letter</c>, <c>unhandled</c>, <c>dropped</c>.</summary>
    public static string Name(AkkaDeadLetterKind kind) => kind switch
    {
        AkkaDeadLetterKind.DeadLetter => "dead_letter",
        AkkaDeadLetterKind.Unhandled => "unhandled",
        AkkaDeadLetterKind.Dropped => "dropped",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Counts one undelivered message, now.</summary>
    /// <param name="messageType">Its type's name (<see cref="MessageTypeName"/>).</param>
    /// <param name="recipient">Its recipient's path as given; it is folded here (<see cref="FoldPath"/>).</param>
    public void Count(AkkaDeadLetterKind kind, string messageType, string recipient)
    {
        var second = _clock().ToUnixTimeSeconds();
        var folded = FoldPath(recipient);
        lock (_lock)
        {
            _totals[(int)kind]++;
            var slot = (int)(((second % Slots) + Slots) % Slots);
            if (_slotSecond[slot] != second)
            {
                _slotSecond[slot] = second;
                for (var k = 0; k < AllKinds.Length; k++) _slotCounts[k, slot] = 0;
            }
            _slotCounts[(int)kind, slot]++;
            Add(_types, messageType);
            Add(_recipients, folded);
        }
    }

    /// <summary>Undelivered messages of every kind in the last 60 seconds.</summary>
    public long LastMinute()
    {
        var now = _clock().ToUnixTimeSeconds();
        lock (_lock) return AllKinds.Sum(k => InWindow(k, now, LastMinuteWindow));
    }

    public bool AlertOn
    {
        get { lock (_lock) return _alert; }
    }

    public long Total(AkkaDeadLetterKind kind)
    {
        lock (_lock) return _totals[(int)kind];
    }

    /// <summary>Compares the last minute with the threshold and returns the crossing, if the alert changed: on when
    /// it reached the threshold, off when it fell below. Null while it stays as it was, and always when the threshold
    /// is 0.</summary>
    public AkkaDeadLetterAlert? UpdateAlert()
    {
        if (AlertPerMinute == 0) return null;
        var now = _clock().ToUnixTimeSeconds();
        lock (_lock)
        {
            var lastMinute = AllKinds.Sum(k => InWindow(k, now, LastMinuteWindow));
            var on = lastMinute >= AlertPerMinute;
            if (on == _alert) return null;
            _alert = on;
            return new AkkaDeadLetterAlert(on, lastMinute, AlertPerMinute,
                TopOf(_types, 1).FirstOrDefault()?.Name, TopOf(_recipients, 1).FirstOrDefault()?.Name);
        }
    }

    /// <summary>The figures as <c>/ops/deadletters</c> answers them.</summary>
    /// <param name="node">The address of this node, for the report.</param>
    public AkkaDeadLetterReport Report(string node)
    {
        var at = _clock();
        var now = at.ToUnixTimeSeconds();
        lock (_lock)
        {
            var kinds = AllKinds.Select(k => new DeadLetterKindFigures(
                Name(k), _totals[(int)k], InWindow(k, now, LastMinuteWindow), InWindow(k, now, FiveMinuteWindow) / 5.0)).ToList();
            return new AkkaDeadLetterReport(node, Since, at, kinds,
                kinds.Sum(k => k.LastMinute), AllKinds.Sum(k => InWindow(k, now, FiveMinuteWindow)) / 5.0,
                AlertPerMinute, _alert, TopOf(_types, Top), TopOf(_recipients, Top));
        }
    }

    /// <summary>
    /// One name for the recipients that differ only by entity, shard, temporary or anonymous actor, so that the
    /// table stays small: <c>/system/sharding/account/17/acct-1</c> → <c>/system/sharding/account/*/*</c>,
    /// <c>/temp/$a</c> → <c>/temp/*</c>, <c>/user/worker/$b</c> → <c>/user/worker/$*</c>. The coordinator of a
    /// region (<c>/system/sharding/accountCoordinator/...</c>) and every other path stay as they are.
    /// </summary>
    public static string FoldPath(string path)
    {
        var start = path.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? path.IndexOf('/', scheme + 3) : 0;
        if (start < 0) return path; // an address without a path
        var address = path[..start];
        var segments = path[start..].Split('/');
        if (segments.Length >= 3 && segments[1] == "temp") return address + "/temp/*";
        if (segments.Length >= 5 && segments[1] == "system" && segments[2] == "sharding" &&
            !segments[3].EndsWith("Coordinator", StringComparison.Ordinal))
        {
            segments[4] = "*";
            if (segments.Length >= 6) segments[5] = "*";
        }
        for (var i = 1; i < segments.Length; i++)
            if (segments[i].StartsWith('$')) segments[i] = "$*";
        return address + string.Join('/', segments);
    }

    /// <summary>The CLR name of a message's type, with generic arguments by their short names:
    /// <c>Akka.Payments.Shared.Accounts.DecideEvent</c>, <c>System.Collections.Generic.List&lt;String&gt;</c>. An
    /// envelope (<see cref="Akka.Actor.IWrappedMessage"/>, such as a sharding envelope) is named by what it carries.</summary>
    public static string MessageTypeName(object? message)
    {
        for (var depth = 0; depth < 8 && message is Akka.Actor.IWrappedMessage wrapped; depth++) message = wrapped.Message;
        return message is null ? "(null)" : TypeName(message.GetType(), full: true);
    }

    private static string TypeName(Type type, bool full)
    {
        var name = full ? type.FullName ?? type.Name : type.Name;
        if (!type.IsGenericType) return name;
        var plain = full ? $"{type.Namespace}.{type.Name}" : type.Name;
        var tick = plain.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? plain : plain[..tick]) + "<" + string.Join(",", type.GetGenericArguments().Select(a => TypeName(a, full: false))) + ">";
    }

    private long InWindow(AkkaDeadLetterKind kind, long now, TimeSpan window)
    {
        var from = now - (long)window.TotalSeconds; // exclusive: the window is (now - window, now]
        long sum = 0;
        for (var slot = 0; slot < Slots; slot++)
            if (_slotSecond[slot] > from && _slotSecond[slot] <= now) sum += _slotCounts[(int)kind, slot];
        return sum;
    }

    private void Add(Dictionary<string, long> counts, string name)
    {
        if (!counts.ContainsKey(name) && counts.Count >= MaxKeys && name != Other) name = Other;
        counts[name] = counts.GetValueOrDefault(name) + 1;
    }

    private static List<DeadLetterCount> TopOf(Dictionary<string, long> counts, int n) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(n)
            .Select(c => new DeadLetterCount(c.Key, c.Value)).ToList();
}
