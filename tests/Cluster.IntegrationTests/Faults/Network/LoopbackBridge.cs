using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Akka.Payments.IntegrationTests.Faults.Network;

/// <summary>
/// Makes services of the root namespace's 127.0.0.1 (the embedded Kafka's brokers, PostgreSQL) reachable on the same
/// ports of a network namespace's 127.0.0.1, without the veth link: the test process owns a TCP relay whose
/// listening sockets were made inside the namespace (a dedicated thread enters it with <c>setns</c>, binds, and leaves;
/// a socket keeps the namespace it was made in) and whose onward connections are made in the root namespace. So a
/// partition of the link leaves the isolated node's Kafka and journal reachable: the nastier case.
/// <para>Every request the namespace's side sends is split by its protocol's framing and recorded with the time it
/// crossed (<see cref="Requests"/>): the bridge serves one node only, so that is what that node asked of Kafka and
/// PostgreSQL, and when.</para>
/// </summary>
public sealed partial class LoopbackBridge : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly List<Socket> _listeners;
    private readonly ConcurrentDictionary<Socket, byte> _connections = new();
    private readonly ConcurrentQueue<WireRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();

    private LoopbackBridge(List<Socket> listeners) => _listeners = listeners;

    /// <summary>A request seen on its way from the namespace: which service, when (<see cref="Stopwatch.GetTimestamp"/>), and what.</summary>
    public sealed record WireRequest(string Service, long At, string What);

    public IReadOnlyList<WireRequest> Requests => _requests.ToList();

    /// <summary>Listens inside <paramref name="namespaceName"/> on 127.0.0.1:port for each service and relays to the
    /// root namespace's 127.0.0.1:port, recording requests with the service's framer.</summary>
    public static LoopbackBridge Open(string namespaceName, IReadOnlyList<BridgedService> services)
    {
        var listeners = ListenInside(namespaceName, services.Select(s => s.Port).ToList());
        var bridge = new LoopbackBridge(listeners);
        for (var i = 0; i < services.Count; i++)
        {
            var (listener, service) = (listeners[i], services[i]);
            _ = Task.Run(() => bridge.Accept(listener, service));
        }
        return bridge;
    }

    /// <summary>Binds the listening sockets on a thread of its own that enters the namespace and leaves it again; the
    /// thread ends with the binding, so no other work ever runs in the namespace by accident.</summary>
    private static List<Socket> ListenInside(string namespaceName, IReadOnlyList<int> ports)
    {
        var listeners = new List<Socket>();
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var home = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle($"/var/run/netns/{namespaceName}");
                if (SetNamespace(target, CloneNewNet) != 0)
                    throw new InvalidOperationException($"setns into {namespaceName} failed: errno {Marshal.GetLastPInvokeError()}");
                try
                {
                    foreach (var port in ports)
                    {
                        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        listeners.Add(socket);
                        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                        socket.Listen(64);
                    }
                }
                finally
                {
                    if (SetNamespace(home, CloneNewNet) != 0)
                        failure = new InvalidOperationException($"setns back to the root namespace failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }
            catch (Exception e) when (e is InvalidOperationException or SocketException or IOException or UnauthorizedAccessException)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = $"bind in {namespaceName}" };
        thread.Start();
        thread.Join();
        if (failure is null) return listeners;
        foreach (var listener in listeners) listener.Dispose();
        throw new InvalidOperationException($"could not listen inside network namespace {namespaceName}: {failure.Message}", failure);
    }

    private async Task Accept(Socket listener, BridgedService service)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inner;
            try { inner = await listener.AcceptAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            _ = Task.Run(() => Relay(inner, service));
        }
    }

    private async Task Relay(Socket inner, BridgedService service)
    {
        var outer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        inner.NoDelay = true;
        _connections[inner] = 0;
        _connections[outer] = 0;
        try
        {
            await outer.ConnectAsync(new IPEndPoint(IPAddress.Loopback, service.Port), _stop.Token);
            var framer = service.Framer();
            await Task.WhenAll(
                Pump(inner, outer, data => framer.Feed(data, what => _requests.Enqueue(new WireRequest(service.Name, Stopwatch.GetTimestamp(), what)))),
                Pump(outer, inner, null));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // the node or the service closed, or the bridge is stopping
        }
        finally
        {
            _connections.TryRemove(inner, out _);
            _connections.TryRemove(outer, out _);
            inner.Dispose();
            outer.Dispose();
        }
    }

    /// <summary>Copies one direction until its end, then half-closes the other side so the end travels on.</summary>
    private async Task Pump(Socket from, Socket to, Action<ReadOnlyMemory<byte>>? tap)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0) break;
                tap?.Invoke(buffer.AsMemory(0, read));
                for (var sent = 0; sent < read;)
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _stop.Token);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // one side is gone: the other pump ends as its socket is disposed
            from.Dispose();
            to.Dispose();
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(SafeFileHandle namespaceFile, int type);

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var listener in _listeners) listener.Dispose();
        foreach (var connection in _connections.Keys) connection.Dispose();
        _stop.Dispose();
    }
}

/// <summary>A root-namespace service on 127.0.0.1:<paramref name="Port"/> to bridge, with the framer that names its requests.</summary>
public sealed record BridgedService(string Name, int Port, Func<IRequestFramer> Framer);
