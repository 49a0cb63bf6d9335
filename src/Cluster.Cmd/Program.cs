using Akka.Payments.Cmd;

// payctl [host:port] <palette> <command> [options]; without a command, a REPL. Ctrl-C ends a `cluster tail`.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
return await PayCtl.RunAsync(args, CmdConsole.System(), cancellation.Token);
