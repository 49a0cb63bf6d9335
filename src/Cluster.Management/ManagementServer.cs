using Akka.Payments.Shared.Management.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Akka.Payments.Management;

/// <summary>
/// The management endpoint: its own small Kestrel app inside the host, serving every registered
/// <see cref="IManagementRoutes"/>. On start it logs the URL it got and writes it to <c>&lt;data dir&gt;/management.url</c>
/// (so port 0 and <c>payctl</c> without arguments work); it removes the file when it stops.
/// </summary>
public sealed class ManagementServer(
    ManagementOptions options,
    IServiceProvider host,
    IEnumerable<IManagementRoutes> palettes,
    ILogger<ManagementServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address actually bound (with the real port when 0 was asked for).</summary>
    public Uri? BoundUrl { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var token = ManagementToken.ConfiguredOrGenerated(options, out var tokenFile);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Url.GetLeftPart(UriPartial.Authority));
        builder.Services.AddSingleton(token);
        // The node's audit, when it has one (the ops plane), sees every command that needs the token.
        if (host.GetService(typeof(IManagementAudit)) is IManagementAudit audit) builder.Services.AddSingleton(audit);
        if (host.GetService(typeof(ManagementNodeName)) is ManagementNodeName node) builder.Services.AddSingleton(node);
        var app = builder.Build();
        // Commands' bodies stay readable after their handler bound them, for the audit (ManagementAuthorization).
        app.Use((context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method)) context.Request.EnableBuffering();
            return next(context);
        });
        foreach (var palette in palettes) palette.Map(app, host);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException(
                $"The management endpoint cannot listen on {options.Url.GetLeftPart(UriPartial.Authority)} ({e.Message}). " +
                $"Set {ManagementOptions.UrlKey} (environment variable Management__Url) to a free port, or to port 0 to pick one.", e);
        }
        _app = app;

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BoundUrl = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        Directory.CreateDirectory(options.DataDir);
        var urlFile = Path.Combine(options.DataDir, ManagementEndpoint.UrlFileName);
        await File.WriteAllTextAsync(urlFile, BoundUrl.GetLeftPart(UriPartial.Authority) + Environment.NewLine, cancellationToken);
        logger.LogInformation("Management endpoint: {Url} (written to {File}; token {Token})",
            BoundUrl.GetLeftPart(UriPartial.Authority), urlFile, tokenFile is null ? "from Management:Token" : $"written to {tokenFile}");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is null) return;
        try { File.Delete(Path.Combine(options.DataDir, ManagementEndpoint.UrlFileName)); } catch (IOException) { }
        await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _app = null;
    }
}
