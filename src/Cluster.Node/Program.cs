using Akka.Payments.Node.Demo;
using Akka.Payments.Node.Hosting;
using Akka.Payments.Node.Kafka.Embedded;

// `Cluster.Node` serves until Ctrl-C/SIGTERM; `Cluster.Node demo [...]` is a self-contained run with a report;
// `Cluster.Node kafka [...]` runs only the embedded Kafka, for several nodes to share.
return args.FirstOrDefault() switch
{
    "demo" => await DemoCommand.RunAsync(args[1..]),
    "kafka" => await EmbeddedKafkaCommand.RunAsync(args[1..]),
    _ => await NodeCommand.RunAsync(args),
};
