using Microsoft.Extensions.Hosting;

namespace ThreeSocial.Api.Health;

/// <summary>
/// A silo of a cluster that is told to stop (SIGTERM, as a rolling restart sends) first says so on /healthz (503,
/// "draining") and keeps serving for <see cref="Delay"/>: the front door's health check (every 2 s) moves new requests
/// to the other silos before this one's grains leave, instead of sending them to a silo that refuses connections or
/// answers 503. The wait is in the host's "stopping" phase, before any hosted service (the web server, Orleans) stops;
/// alone (Cluster:Provider Localhost) the delay is zero.
/// </summary>
public sealed class SiloDrain(TimeSpan delay) : IHostedLifecycleService
{
    public TimeSpan Delay { get; } = delay;

    public bool Draining { get; private set; }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        Draining = true;
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
