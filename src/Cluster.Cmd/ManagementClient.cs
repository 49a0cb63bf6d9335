using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Payments.Shared.Management.Contracts;

namespace Akka.Payments.Cmd;

/// <summary>
/// Talks HTTP/JSON to a management endpoint. Failures become <see cref="CommandFailedException"/>: exit 3 when nothing
/// answers at the host, exit 1 when the node answers with an error (its <c>error</c> text is the message).
/// </summary>
public sealed class ManagementClient(Uri baseUrl, string? token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };

    public Uri BaseUrl => baseUrl;

    public Task<JsonElement> Get(string path, CancellationToken cancellation) =>
        Send(new HttpRequestMessage(HttpMethod.Get, path), cancellation);

    /// <summary>POSTs <paramref name="body"/>, or <c>{}</c> when there is none.</summary>
    public Task<JsonElement> Post(string path, AddressRequest? body, CancellationToken cancellation) =>
        body is null
            ? Post(path, new StringContent("{}", Encoding.UTF8, "application/json"), cancellation)
            : Post(path, body, ManagementJsonContext.Default.AddressRequest, cancellation);

    /// <summary>POSTs <paramref name="body"/> as JSON of the management contracts.</summary>
    public Task<JsonElement> Post<TBody>(string path, TBody body, JsonTypeInfo<TBody> bodyType, CancellationToken cancellation) =>
        Post(path, JsonContent.Create(body, bodyType), cancellation);

    private Task<JsonElement> Post(string path, HttpContent content, CancellationToken cancellation)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Send(request, cancellation);
    }

    /// <summary>A streaming response, one JSON document per line, until the server or the caller ends it.</summary>
    public async IAsyncEnumerable<string> Lines(string path, [EnumeratorCancellation] CancellationToken cancellation)
    {
        using var response = await Call(() => _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellation), TimeSpan.FromSeconds(10));
        await EnsureSuccess(response, cancellation);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation));
        while (!cancellation.IsCancellationRequested)
        {
            string? line;
            try { line = await reader.ReadLineAsync(cancellation); }
            catch (OperationCanceledException) { yield break; }
            catch (IOException) { yield break; }
            if (line is null) yield break;
            if (line.Length > 0) yield return line;
        }
    }

    private async Task<JsonElement> Send(HttpRequestMessage request, CancellationToken cancellation)
    {
        using var _ = request;
        using var response = await Call(() => _http.SendAsync(request, cancellation), TimeSpan.FromSeconds(30));
        await EnsureSuccess(response, cancellation);
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellation);
    }

    private async Task<HttpResponseMessage> Call(Func<Task<HttpResponseMessage>> call, TimeSpan timeout)
    {
        try { return await call().WaitAsync(timeout); }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            var reason = e.InnerException is SocketException s ? s.Message : e.Message;
            throw new CommandFailedException($"cannot reach the management endpoint at {baseUrl.GetLeftPart(UriPartial.Authority)}: {reason}", ExitCodes.Unreachable);
        }
        catch (TimeoutException)
        {
            throw new CommandFailedException($"the management endpoint at {baseUrl.GetLeftPart(UriPartial.Authority)} did not answer within {timeout.TotalSeconds:0} s", ExitCodes.Unreachable);
        }
    }

    private static async Task EnsureSuccess(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.IsSuccessStatusCode) return;
        var text = await response.Content.ReadAsStringAsync(cancellation);
        string? error = null;
        try { error = JsonSerializer.Deserialize(text, ManagementJsonContext.Default.ErrorResponse)?.Error; }
        catch (JsonException) { error = text.Length > 200 ? text[..200] : text; }
        var what = response.StatusCode == HttpStatusCode.Unauthorized ? "refused" : "failed";
        throw new CommandFailedException($"{what} ({(int)response.StatusCode} {response.StatusCode}): {error}", ExitCodes.Failed);
    }

    public void Dispose() => _http.Dispose();
}
