using System.Diagnostics;
using Akka.Payments.IntegrationTests.Processes;
using Akka.Payments.Testing;
using Akka.Payments.Node.Tests.EndToEnd;
using Akka.Payments.Shared;
using Akka.Payments.Shared.Events;
using Akka.Payments.Shared.Management.Contracts;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace Akka.Payments.IntegrationTests.Faults;

/// <summary>
/// One fault spec's load and its judgement. The load is a <see cref="PaymentScenario"/> of its own accounts (named
/// after the run, so that runs sharing a cluster are judged apart), produced open loop at a rate that may change over
/// time, as an outside producer would. The spec marks when its fault begins and heals; <see cref="Judge"/> waits for
/// the outcomes, applies the <see cref="InvariantChecker"/>, reads every account's balances through the management
/// endpoint and waits for the group's lag to return to 0.
/// </summary>
public sealed class FaultRun : IDisposable
{
    private readonly ProcessCluster _cluster;
    private readonly ITestOutputHelper _output;
    private readonly TopicReader _reader;
    private readonly HashSet<string> _accounts;
    private readonly HashSet<(string Account, string Id, bool Credit)> _answered = new();
    private readonly bool[] _accepted;
    private readonly List<string> _timeline = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _decoded;
    private int _sent;
    private int _acked;
    private int _refused;
    private Task? _load;
    private TimeSpan? _faultAt;
    private TimeSpan? _healedAt;
    private HashSet<(string Account, string Id, bool Credit)>? _pendingAtHeal;
    private TimeSpan? _caughtUpAt;

    public FaultRun(ProcessCluster cluster, string name, ITestOutputHelper output, int accounts = 100, int payments = 6_500, int malformed = 8)
    {
        _cluster = cluster;
        _output = output;
        Name = name;
        Scenario = PaymentScenario.Generate(accounts, payments, malformed, seed: name.Length, prefix: name);
        _accepted = new bool[Scenario.Count];
        _accounts = Scenario.Where(r => r.Input is not null).Select(r => r.Input!.AccountId).ToHashSet();
        _reader = new TopicReader(cluster.BootstrapServers, ProcessCluster.Partitions);
    }

    public string Name { get; }

    public IReadOnlyList<ScenarioRecord> Scenario { get; }

    /// <summary>Distinct requests of this run that have an outcome so far (as of the last read).</summary>
    public int Answered => _answered.Count;

    public int Sent => Volatile.Read(ref _sent);

    public TimeSpan Elapsed => _clock.Elapsed;

    public string LoadDescription { get; private set; } = "";

    /// <summary>Produces the whole scenario at <paramref name="perSecond"/>.</summary>
    public void StartLoad(int perSecond) => StartLoad(_ => perSecond, $"{Scenario.Count:N0} records at {perSecond:N0}/s");

    /// <summary>Produces the whole scenario at a rate that is a function of the time since the load began.</summary>
    public void StartLoad(Func<TimeSpan, double> perSecond, string description)
    {
        LoadDescription = description;
        Mark($"load starts: {description}");
        _load = Task.Run(async () =>
        {
            using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
            {
                BootstrapServers = _cluster.BootstrapServers,
                EnableIdempotence = true,
                LingerMs = 5,
            }).Build();
            var clock = Stopwatch.StartNew();
            var due = 0.0;
            var last = TimeSpan.Zero;
            var i = 0;
            while (i < Scenario.Count)
            {
                var now = clock.Elapsed;
                due += perSecond(now) * (now - last).TotalSeconds;
                last = now;
                for (; i < Scenario.Count && i < (int)due; i++)
                {
                    var position = i;
                    producer.Produce(Topics.Requested, Scenario[i].Message, report =>
                    {
                        if (report.Error.IsError) Interlocked.Increment(ref _refused);
                        else { _accepted[position] = true; Interlocked.Increment(ref _acked); }
                    });
                    Interlocked.Increment(ref _sent);
                }
                await Task.Delay(20); // pacing the open-loop load, not waiting for a result
            }
            producer.Flush(TimeSpan.FromMinutes(3));
            Mark($"load produced: {_acked:N0} acknowledged, {_refused} refused by Kafka");
        });
    }

    /// <summary>A line of the run's timeline: what happened, when, with the load's progress at that moment.</summary>
    public void Mark(string what)
    {
        var line = $"{_clock.Elapsed.TotalSeconds,7:0.0} s  sent {Sent,6:N0}  answered {Answered,6:N0}  {what}";
        lock (_timeline) _timeline.Add(line);
        try { _output.WriteLine($"[{Name}] {line}"); } catch (InvalidOperationException) { }
    }

    public void FaultBegins(string what)
    {
        _faultAt = _clock.Elapsed;
        Mark($"FAULT: {what}");
    }

    /// <summary>The fault is over: from now, the run counts the time until every valid request sent before this
    /// moment has its outcome (<see cref="Verdict.Recovery"/>).</summary>
    public void FaultHeals(string what)
    {
        _healedAt = _clock.Elapsed;
        _pendingAtHeal = Scenario.Take(Sent).Where(r => r.Input is not null).Select(r => ReferenceModel.KeyOf(r.Input!)).ToHashSet();
        _pendingAtHeal.ExceptWith(_answered);
        Mark($"HEALED: {what} ({_pendingAtHeal.Count:N0} requests sent before it still unanswered)");
    }

    /// <summary>Reads outcomes until <paramref name="answered"/> of this run's requests have one; false at the deadline.</summary>
    public bool AwaitAnswered(int answered, TimeSpan within) => Read(() => Answered >= answered, within);

    /// <summary>Reads outcomes until at least <paramref name="more"/> more of this run's requests have one.</summary>
    public bool AwaitProgress(int more, TimeSpan within)
    {
        var target = Answered + more;
        return Read(() => Answered >= target, within);
    }

    /// <summary>Reads outcomes until every valid request among the first <paramref name="sent"/> records of the
    /// scenario has one (whatever else was answered meanwhile); false at the deadline.</summary>
    public bool AwaitAnsweredAllOf(int sent, TimeSpan within)
    {
        var keys = Scenario.Take(sent).Where(r => r.Input is not null).Select(r => ReferenceModel.KeyOf(r.Input!)).ToHashSet();
        return Read(() => keys.IsSubsetOf(_answered), within);
    }

    /// <summary>Reads (and keeps reading) the output topics until <paramref name="done"/> holds or the deadline passes.</summary>
    public bool Read(Func<bool> done, TimeSpan within) => _reader.ReadUntil(_ =>
    {
        Decode();
        return done();
    }, within);

    private void Decode()
    {
        for (; _decoded < _reader.Outcomes.Count; _decoded++)
        {
            var outcome = _reader.Outcomes[_decoded].Outcome;
            if (!_accounts.Contains(outcome.AccountId)) continue;
            var key = (outcome.AccountId, outcome.RequestId, outcome is CreditApplied);
            _answered.Add(key);
            _pendingAtHeal?.Remove(key);
        }
        if (_pendingAtHeal is { Count: 0 } && _caughtUpAt is null)
        {
            _caughtUpAt = _clock.Elapsed;
            Mark("caught up: every request sent before the fault healed has its outcome");
        }
    }

    /// <summary>
    /// Waits for every outcome and dead letter of the run, then judges: the <see cref="InvariantChecker"/> on what was
    /// read, each account's balances through a live node's management endpoint against the model's, and the group's
    /// lag back to 0.
    /// </summary>
    public async Task<Verdict> Judge(TimeSpan patience)
    {
        if (_load is not null) await _load.WaitAsync(patience);
        var accepted = Scenario.Where((_, i) => _accepted[i]).ToList();
        var expected = accepted.Where(r => r.Input is not null).Select(r => ReferenceModel.KeyOf(r.Input!)).Distinct().Count();
        var deadKeys = accepted.Where(r => r.ExpectedDeadLetterReason is not null).Select(r => r.Message.Key).ToHashSet();
        var complete = Read(() => Answered >= expected && _reader.DeadLetters.Select(d => d.Key).Where(deadKeys.Contains).Distinct().Count() >= deadKeys.Count, patience);
        Mark(complete ? "every accepted request answered" : $"gave up waiting: {Answered:N0}/{expected:N0} answered");

        var judgement = InvariantChecker.Judge(accepted, new InvariantChecker.Observed(
            _reader.Outcomes.Where(o => _accounts.Contains(o.Outcome.AccountId)).ToList(),
            _reader.DeadLetters.Select(d => (d.Key, d.Reason)).ToList()));
        var failures = judgement.Failures.ToList();
        if (_refused > 0) failures.Add($"Kafka refused {_refused} of the load's records (after its own retries)");

        var balanceMismatches = await CheckBalances(accepted, failures);
        long lag;
        try
        {
            await _cluster.AwaitNoLag(TimeSpan.FromSeconds(60));
            lag = 0;
        }
        catch (TimeoutException)
        {
            lag = _cluster.Lag();
            failures.Add($"the consumer lag is {lag}, not 0, a minute after the last outcome");
        }
        Mark($"judged: {judgement.Requests:N0} requests, {judgement.Lost} lost, {judgement.DoubleApplied} applied twice, {judgement.Wrong} wrong, " +
             $"{judgement.OutOfOrderAccounts} accounts out of order, {balanceMismatches} balances differ, lag {lag}");

        var verdict = new Verdict(Name, LoadDescription, (_healedAt ?? _clock.Elapsed) - (_faultAt ?? _clock.Elapsed),
            judgement.Requests, judgement.Lost, judgement.DoubleApplied, judgement.Wrong, judgement.OutOfOrderAccounts,
            judgement.DeadLettersMissing, balanceMismatches, lag, _caughtUpAt - _healedAt, failures);
        _output.WriteLine($"TIMELINE {Name}:{Environment.NewLine}{string.Join(Environment.NewLine, Timeline)}");
        _output.WriteLine($"VERDICT {verdict.Row()}");
        return verdict;
    }

    public IReadOnlyList<string> Timeline
    {
        get { lock (_timeline) return _timeline.ToList(); }
    }

    /// <summary>Each account's balances as its entity holds them, read through a live node's management endpoint,
    /// against the model's.</summary>
    private async Task<int> CheckBalances(IReadOnlyList<ScenarioRecord> accepted, List<string> failures)
    {
        var model = new ReferenceModel();
        foreach (var input in accepted.Select(r => r.Input).OfType<IInputEvent>()) model.Apply(input);
        var node = _cluster.Nodes.Values.FirstOrDefault(n => !n.HasExited);
        if (node is null) { failures.Add("no live node to read the balances from"); return 0; }
        var mismatches = 0;
        foreach (var account in _accounts.Order())
        {
            var expected = model.Balances.Where(b => b.Key.Account == account).ToDictionary(b => b.Key.Currency, b => b.Value);
            var actual = await Eventually.Until<AccountResponse>(
                () => ProcessCluster.Get(node, ManagementPaths.PaymentsAccount.Replace("{id}", account), ManagementJsonContext.Default.AccountResponse),
                _ => true, TimeSpan.FromSeconds(30), $"the balances of {account}");
            var got = actual.Balances.Where(b => b.Value != 0 || expected.ContainsKey(b.Key)).ToDictionary(b => b.Key, b => b.Value);
            if (!got.OrderBy(b => b.Key).SequenceEqual(expected.OrderBy(b => b.Key)))
            {
                mismatches++;
                failures.Add($"{account}: balances {Show(got)} through the endpoint, the model says {Show(expected)}");
            }
        }
        return mismatches;

        static string Show(Dictionary<string, decimal> balances) => string.Join(", ", balances.OrderBy(b => b.Key).Select(b => $"{b.Key} {b.Value}"));
    }

    public void Dispose() => _reader.Dispose();
}
