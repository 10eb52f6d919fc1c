using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdlab.Lab.Specs;
using Tdlab.Serve.Api;

namespace Tdlab.Serve;

/// <summary>
/// <c>tdlab serve</c>: a web page over the run store in <see cref="SnapshotSource.OutDir"/>, read-only, live while a
/// sweep writes (the page polls every two seconds). Listens on 127.0.0.1 unless told otherwise. The page and its
/// script come from the assembly and its Content-Security-Policy allows requests to this server only, so nothing
/// leaves the machine.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The address the page is served at, e.g. http://127.0.0.1:8050/.</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts serving <paramref name="outDir"/>'s store on <paramref name="host"/>:<paramref name="port"/> (port 0: any
    /// free port). Throws <see cref="IOException"/> when the address cannot be bound.
    /// </summary>
    public static async Task<DashboardServer> StartAsync(string outDir, IReadOnlyList<IExperiment> experiments,
        int port, string host = "127.0.0.1", CancellationToken cancellation = default)
    {
        if (!IPAddress.TryParse(host, out IPAddress? address))
            throw new ArgumentException($"--host takes an IP address, got '{host}'", nameof(host));
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port));
        WebApplication app = builder.Build();
        app.Use(Guard);
        DashboardApi.Map(app, new SnapshotSource(outDir, experiments));
        await app.StartAsync(cancellation);
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DashboardServer(app, new Uri(bound.TrimEnd('/') + "/"));
    }

    /// <summary>Serves until <paramref name="stop"/> is cancelled or the process is asked to stop (SIGTERM, Ctrl-C).</summary>
    public async Task RunUntilAsync(CancellationToken stop)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, _app.Lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Security headers on every answer, and any failure as one line of text (no stack trace).</summary>
    private static async Task Guard(HttpContext context, RequestDelegate next)
    {
        IHeaderDictionary h = context.Response.Headers;
        h.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        h.XContentTypeOptions = "nosniff";
        h["Referrer-Policy"] = "no-referrer";
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"tdlab serve: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }
}
