using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Akka.Payments.Cmd.Tests;

/// <summary>
/// A management endpoint that answers fixed JSON documents by path, for rendering specs that need no node. It keeps
/// the paths (with their query) it was asked for, and the body and token of each POST; anything else is a 404 with an <c>error</c> body.
/// </summary>
public sealed class CannedEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IReadOnlyDictionary<string, string> _answers;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<CannedRequest> _posts = new();
    private readonly Task _loop;

    /// <param name="answers">Path and query, exactly as payctl sends them, to the JSON body answered.</param>
    public CannedEndpoint(IReadOnlyDictionary<string, string> answers)
    {
        _answers = answers;
        var port = FreePort();
        Host = $"127.0.0.1:{port}";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Serve();
    }

    /// <summary>The <c>host:port</c> argument for payctl.</summary>
    public string Host { get; }

    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>The POSTs it was sent: path, body and <c>Authorization</c> header.</summary>
    public IReadOnlyCollection<CannedRequest> Posts => _posts;

    private async Task Serve()
    {
        while (true)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var path = context.Request.RawUrl ?? "";
            _requests.Enqueue(path);
            if (context.Request.HttpMethod == "POST")
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                _posts.Enqueue(new CannedRequest(path, await reader.ReadToEndAsync(), context.Request.Headers["Authorization"]));
            }
            var found = _answers.TryGetValue(path, out var json);
            var body = Encoding.UTF8.GetBytes(found ? json! : $$"""{"error":"nothing canned for {{path}}"}""");
            context.Response.StatusCode = found ? 200 : 404;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

/// <summary>A POST a <see cref="CannedEndpoint"/> was sent.</summary>
public sealed record CannedRequest(string Path, string Body, string? Authorization);
