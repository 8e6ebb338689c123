using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThreeSocial.Api.Auth;
using Orleans;

namespace ThreeSocial.Api.Live;

/// <summary>
/// A map connection's token is checked when it opens; the connection then lives for hours. Every
/// <see cref="LiveOptions.AccessCheckInterval"/> this checks each open connection's account as every HTTP request is
/// checked (its stamp), and closes those whose account was disabled or whose roles, jurisdiction or password changed:
/// the city's deltas stop reaching someone who may no longer see them.
/// </summary>
public sealed partial class HubAccessWatch(LiveViewers viewers, IGrainFactory grains, IOptions<LiveOptions> live, ILogger<HubAccessWatch> logger) : BackgroundService
{
    private readonly LiveOptions _options = live.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.AccessCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CloseStaleAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCheckFailed(logger, e, _options.AccessCheckInterval);
            }
        }
    }

    private async Task CloseStaleAsync()
    {
        var byAccount = viewers.All.GroupBy(v => (User: v.User.FindFirst(Caller.NameClaim)?.Value ?? "", Stamp: v.User.FindFirst(Caller.StampClaim)?.Value ?? ""));
        foreach (var account in byAccount)
        {
            if (int.TryParse(account.Key.Stamp, out var stamp) && await BearerEvents.StillValid(grains, account.Key.User, stamp)) continue;
            var connections = account.ToList();
            LogClosing(logger, connections.Count, account.Key.User);
            foreach (var viewer in connections) viewer.Close();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Map connections could not be checked against their accounts; trying again in {Interval}.")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing {Count} map connection(s) of {User}: the account was changed or disabled.")]
    private static partial void LogClosing(ILogger logger, int count, string user);
}
