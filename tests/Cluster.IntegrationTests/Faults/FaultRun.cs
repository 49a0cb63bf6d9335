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
    private readonly TopicReader _reader; // read by the background reader only
    private readonly CancellationTokenSource _stopReading = new();
    private readonly Task _reading;
    private readonly object _gate = new(); // guards what the reader decoded; pulsed on every batch
    private readonly List<(string CeId, IOutcomeEvent Outcome)> _outcomes = new();
    private readonly List<(string Key, string? Reason)> _deadLetters = new();
    private readonly HashSet<string> _accounts;
    private readonly HashSet<(string Account, string Id, bool Credit)> _answered = new();
    private readonly bool[] _accepted;
    private readonly List<string> _timeline = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<int, long> _inputStart;
    private int _decoded;
    private int _deadDecoded;
    private int _sent;
    private int _acked;
    private int _refused;
    private Task? _load;
    private readonly List<Fault> _faults = new();

    /// <summary>One fault of the run: when it began and healed, the requests sent before the heal that were still
    /// unanswered then, and when the last of them was answered.</summary>
    private sealed class Fault(string what, TimeSpan began)
    {
        public string What { get; } = what;
        public TimeSpan Began { get; } = began;
        public TimeSpan? Healed { get; set; }
        public HashSet<(string Account, string Id, bool Credit)> Pending { get; } = new();
        public TimeSpan? CaughtUp { get; set; }
    }

    public FaultRun(ProcessCluster cluster, string name, ITestOutputHelper output, int accounts = 100, int payments = 6_500, int malformed = 8)
    {
        _cluster = cluster;
        _output = output;
        Name = name;
        Scenario = PaymentScenario.Generate(accounts, payments, malformed, seed: name.Length, prefix: name);
        _accepted = new bool[Scenario.Count];
        _accounts = Scenario.Where(r => r.Input is not null).Select(r => r.Input!.AccountId).ToHashSet();
        Requests = Scenario.Where(r => r.Input is not null).Select(r => ReferenceModel.KeyOf(r.Input!)).Distinct().Count();
        // From the topics' current ends: the cluster may be shared with earlier runs, whose records this run does not
        // judge and the embedded broker may drop (it keeps ~5 MiB per partition) while they would be read.
        _reader = new TopicReader(cluster.BootstrapServers, ProcessCluster.Partitions, fromNow: true);
        _inputStart = InputEnds(cluster.BootstrapServers);
        // The output is read all the time, whatever the spec is doing (killing a node, waiting for one to start), so
        // that what the run knows, and the recovery times it measures, are as of now and not of the spec's last look.
        _reading = Task.Factory.StartNew(ReadContinuously, TaskCreationOptions.LongRunning);
    }

    public string Name { get; }

    public IReadOnlyList<ScenarioRecord> Scenario { get; }

    /// <summary>Distinct valid requests in the scenario (a redelivered one counts once): what the run must answer.</summary>
    public int Requests { get; }

    /// <summary>Distinct requests of this run that have an outcome so far (as of the last read).</summary>
    public int Answered
    {
        get { lock (_gate) return _answered.Count; }
    }

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
                MaxInFlight = 1, // see FaultCluster: the embedded broker mishandles a retry behind a sequence gap
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
        lock (_faults) _faults.Add(new Fault(what, _clock.Elapsed));
        Mark($"FAULT: {what}");
    }

    /// <summary>The latest fault is over: from now, the run counts the time until every valid request sent before
    /// this moment has its outcome (its recovery; <see cref="Verdict.Recovery"/> is the longest of the run's).</summary>
    public void FaultHeals(string what)
    {
        Fault fault;
        lock (_gate) // the reader takes _gate, then _faults: so does this
        lock (_faults)
        {
            fault = _faults.LastOrDefault(f => f.Healed is null) ?? throw new InvalidOperationException("no fault to heal");
            fault.Pending.UnionWith(Scenario.Take(Sent).Where(r => r.Input is not null).Select(r => ReferenceModel.KeyOf(r.Input!)));
            fault.Pending.ExceptWith(_answered);
            fault.Healed = _clock.Elapsed;
        }
        Mark($"HEALED: {what} ({fault.Pending.Count:N0} requests sent before it still unanswered)");
    }

    /// <summary>Each fault with how long it was held and how long the run took to catch up after it healed.</summary>
    public IReadOnlyList<(string Fault, TimeSpan Held, TimeSpan? Recovery)> Faults
    {
        get { lock (_faults) return _faults.Select(f => (f.What, (f.Healed ?? _clock.Elapsed) - f.Began, f.CaughtUp - f.Healed)).ToList(); }
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

    /// <summary>Waits until <paramref name="done"/> holds of what has been read (it is asked again after every batch the
    /// background reader decodes) or the deadline passes; returns whether it held.</summary>
    public bool Read(Func<bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        lock (_gate)
        {
            while (!done())
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _reading.IsCompleted) return false;
                Monitor.Wait(_gate, left < TimeSpan.FromMilliseconds(250) ? left : TimeSpan.FromMilliseconds(250));
            }
            return true;
        }
    }

    private void ReadContinuously()
    {
        while (!_stopReading.IsCancellationRequested)
            _reader.ReadUntil(_ =>
            {
                lock (_gate)
                {
                    Decode();
                    Monitor.PulseAll(_gate);
                }
                return _stopReading.IsCancellationRequested;
            }, TimeSpan.FromMilliseconds(200));
    }

    private void Decode()
    {
        for (; _decoded < _reader.Outcomes.Count; _decoded++)
        {
            var (ceId, outcome) = _reader.Outcomes[_decoded];
            if (!_accounts.Contains(outcome.AccountId)) continue;
            _outcomes.Add((ceId, outcome));
            var key = (outcome.AccountId, outcome.RequestId, outcome is CreditApplied);
            _answered.Add(key);
            lock (_faults) foreach (var fault in _faults) fault.Pending.Remove(key);
        }
        for (; _deadDecoded < _reader.DeadLetters.Count; _deadDecoded++)
            _deadLetters.Add((_reader.DeadLetters[_deadDecoded].Key, _reader.DeadLetters[_deadDecoded].Reason));
        List<Fault> caughtUp;
        lock (_faults) caughtUp = _faults.Where(f => f is { Healed: not null, CaughtUp: null, Pending.Count: 0 }).ToList();
        foreach (var fault in caughtUp)
        {
            fault.CaughtUp = _clock.Elapsed;
            Mark($"caught up after {fault.What}: every request sent before it healed has its outcome, {(fault.CaughtUp - fault.Healed)!.Value.TotalSeconds:0.0} s after");
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
        // Accepted: what Kafka acknowledged to the producer and holds on the input topic. Under injected produce
        // errors the embedded broker has acknowledged records it never stored (the producer's retry was taken for a
        // duplicate): the cluster cannot decide what is not there, so those are counted and shown, not judged.
        var stored = StoredInputs();
        var acknowledged = Scenario.Where((_, i) => _accepted[i]).ToList();
        var accepted = acknowledged.Where(r => stored.Contains((r.Message.Key, CeId(r)))).ToList();
        if (accepted.Count < acknowledged.Count)
            Mark($"Kafka acknowledged {acknowledged.Count - accepted.Count} records it does not hold on {Topics.Requested}: not judged " +
                 $"({string.Join(", ", acknowledged.Except(accepted).Take(5).Select(r => $"{r.Message.Key}/{CeId(r)}"))})");
        var expected = accepted.Where(r => r.Input is not null).Select(r => ReferenceModel.KeyOf(r.Input!)).Distinct().Count();
        var deadKeys = accepted.Where(r => r.ExpectedDeadLetterReason is not null).Select(r => r.Message.Key).ToHashSet();
        var complete = Read(() => _answered.Count >= expected && _deadLetters.Select(d => d.Key).Where(deadKeys.Contains).Distinct().Count() >= deadKeys.Count, patience);
        Mark(complete ? "every accepted request answered" : $"gave up waiting: {Answered:N0}/{expected:N0} answered");

        InvariantChecker.Observed observed;
        lock (_gate) observed = new InvariantChecker.Observed(_outcomes.ToList(), _deadLetters.ToList());
        var judgement = InvariantChecker.Judge(accepted, observed);
        var failures = judgement.Failures.ToList();
        if (_refused > 0) failures.Add($"Kafka refused {_refused} of the load's records (after its own retries)");

        var balanceMismatches = await CheckBalances(judgement.Balances, failures);
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

        var faults = Faults;
        foreach (var (fault, _, _) in faults.Where(f => f.Recovery is null)) failures.Add($"never caught up after {fault}");
        var verdict = new Verdict(Name, LoadDescription, TimeSpan.FromTicks(faults.Sum(f => f.Held.Ticks)),
            judgement.Requests, judgement.Lost, judgement.DoubleApplied, judgement.Wrong, judgement.OutOfOrderAccounts,
            judgement.DeadLettersMissing, balanceMismatches, lag, faults.Max(f => f.Recovery), failures);
        _output.WriteLine($"TIMELINE {Name}:{Environment.NewLine}{string.Join(Environment.NewLine, Timeline)}");
        _output.WriteLine($"VERDICT {verdict.Row()}");
        // PAYMENTS_FAULT_REPORT=file gathers every run's row and timeline in one place (docs/reliability.md's tables
        // come from such a file, written by a whole run of the suite).
        if (Environment.GetEnvironmentVariable("PAYMENTS_FAULT_REPORT") is { Length: > 0 } report)
            await File.AppendAllTextAsync(report, $"{verdict.Row()}{Environment.NewLine}{string.Join(Environment.NewLine, Timeline.Select(l => "    " + l))}{Environment.NewLine}");
        return verdict;
    }

    private static string? CeId(ScenarioRecord record) => CeId(record.Message.Headers);

    private static string? CeId(Headers headers) =>
        headers.TryGetLastBytes(Akka.Payments.Shared.CloudEvents.CloudEventHeaders.Id, out var id) ? System.Text.Encoding.UTF8.GetString(id) : null;

    private static Dictionary<int, long> InputEnds(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "fault-run-input" }).Build();
        return Enumerable.Range(0, ProcessCluster.Partitions).ToDictionary(p => p,
            p => consumer.QueryWatermarkOffsets(new TopicPartition(Topics.Requested, p), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>(key, CloudEvents id) of every record on the input topic since the run began.</summary>
    private HashSet<(string Key, string? CeId)> StoredInputs()
    {
        var ends = InputEnds(_cluster.BootstrapServers);
        var stored = new HashSet<(string, string?)>();
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = _cluster.BootstrapServers,
            GroupId = "fault-run-input-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            FetchWaitMaxMs = 10,
            AutoOffsetReset = AutoOffsetReset.Error, // a record dropped before it was read must fail the run, not vanish
        }).Build();
        var open = ends.Where(e => e.Value > _inputStart[e.Key]).Select(e => e.Key).ToHashSet();
        consumer.Assign(open.Select(p => new TopicPartitionOffset(Topics.Requested, p, _inputStart[p])));
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (open.Count > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"reading {Topics.Requested} back took over a minute");
            var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (record?.Message is null) continue;
            stored.Add((record.Message.Key, CeId(record.Message.Headers)));
            if (record.Offset.Value + 1 >= ends[record.Partition.Value]) open.Remove(record.Partition.Value);
        }
        return stored;
    }

    public IReadOnlyList<string> Timeline
    {
        get { lock (_timeline) return _timeline.ToList(); }
    }

    /// <summary>Each account's balances as its entity holds them, read through a live node's management endpoint,
    /// against the model's (the checker's, over the same accepted input).</summary>
    private async Task<int> CheckBalances(IReadOnlyDictionary<(string Account, string Currency), decimal> modelBalances, List<string> failures)
    {
        var node = _cluster.Nodes.Values.FirstOrDefault(n => !n.HasExited);
        if (node is null) { failures.Add("no live node to read the balances from"); return 0; }
        var mismatches = 0;
        foreach (var account in _accounts.Order())
        {
            var expected = modelBalances.Where(b => b.Key.Account == account).ToDictionary(b => b.Key.Currency, b => b.Value);
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

    public void Dispose()
    {
        _stopReading.Cancel();
        _reading.Wait(TimeSpan.FromSeconds(10));
        _reader.Dispose();
        _stopReading.Dispose();
    }
}
