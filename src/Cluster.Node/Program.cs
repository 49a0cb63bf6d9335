using Akka.Payments.Node.Demo;
using Akka.Payments.Node.Hosting;

// `Cluster.Node` serves until Ctrl-C/SIGTERM; `Cluster.Node demo [...]` is a self-contained run with a report.
return args.FirstOrDefault() switch
{
    "demo" => await DemoCommand.RunAsync(args[1..]),
    _ => await NodeCommand.RunAsync(args),
};
