using Akka.Payments.Bench;
using Akka.Payments.Bench.Baseline;
using Akka.Payments.Bench.Harness;
using Akka.Payments.Bench.Report;
using Akka.Payments.Bench.Streamiz;

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (BenchUsageException e)
{
    Console.Error.WriteLine($"Payments.Bench: {e.Message}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var stop = new CancellationTokenSource(); // not disposed: ProcessExit may still cancel it
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

switch (options.Mode)
{
    case "help":
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    case "baseline-worker":
        return await BaselineWorker.Run(options, stop.Token);
    case "streamiz-worker":
        return await StreamizWorker.Run(options, stop.Token);
    case "smoke":
        options = options with { Rate = 300, Duration = TimeSpan.FromSeconds(2), WarmUp = TimeSpan.Zero, Accounts = 50, Partitions = 12 };
        goto case "run";
    case "run":
    {
        var failed = false;
        foreach (var journal in options.Journals)
        foreach (var target in options.Targets)
        {
            await using var bench = await Bench.Start(options, target, journal);
            var result = await bench.Trial(options.Rate, options.Duration);
            Console.WriteLine(result);
            foreach (var progress in bench.Process.NodeProgress()) Console.WriteLine($"   {progress}");
            failed |= result.Lost > 0 || result.DeadLetters < result.ExpectedDeadLetters;
        }
        return failed ? 1 : 0;
    }
    case "soak":
    {
        var failed = false;
        foreach (var journal in options.Journals)
        foreach (var target in options.Targets)
        {
            Console.WriteLine($"== soak: {target} on {journal} at {options.Rate:N0}/s for {options.Duration.TotalSeconds:N0} s");
            await using var bench = await Bench.Start(options, target, journal);
            var soak = await Soak.Run(bench, options.Rate, options.Duration,
                s => Console.WriteLine($"   {s.Seconds,5:N0} s  sent {s.Sent,9:N0}  answered {s.Answered,9:N0}  backlog {s.Backlog,9:N0}  RSS {s.RssMiB,6:N0} MiB"));
            Console.WriteLine();
            Console.WriteLine(soak.Table());
            Console.WriteLine(soak.Summary());
            failed |= soak.Trial.Lost > 0;
        }
        return failed ? 1 : 0;
    }
    case "sweep":
    {
        var sweeps = new List<SweepResult>();
        foreach (var journal in options.Journals)
        foreach (var target in options.Targets)
        {
            Console.WriteLine($"== {target} on {journal}: {options.Mix}, {options.Accounts} accounts, {options.Partitions} partitions, {options.Duration.TotalSeconds:N0} s per trial");
            await using var bench = await Bench.Start(options, target, journal);
            sweeps.Add(await Sweep.Run(bench, options, t => Console.WriteLine($"   {t}")));
        }
        var table = MarkdownReport.Table(sweeps);
        var trials = MarkdownReport.Trials(sweeps);
        Console.WriteLine();
        Console.WriteLine(table);
        Console.WriteLine(trials);
        if (options.Out is { } path)
        {
            var svg = Path.ChangeExtension(path, ".svg");
            await File.WriteAllTextAsync(path, $"{table}{Environment.NewLine}All trials:{Environment.NewLine}{Environment.NewLine}{trials}");
            await File.WriteAllTextAsync(svg, SvgPlot.Render(sweeps));
            Console.WriteLine($"Wrote {path} and {svg}");
        }
        return 0;
    }
    default:
        return 2;
}
