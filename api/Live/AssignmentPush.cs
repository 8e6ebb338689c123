using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ThreeSocial.Events;
using ThreeSocial.Grains.Responders;

namespace ThreeSocial.Api.Live;

/// <summary>
/// Sends each responder's phone an "assignment" message as the responder grain's changes arrive on the event stream
/// (this silo's and those relayed from the others): the worker's page hears of a new assignment without asking. A
/// phone joins its responder's group through <see cref="CityHub.WatchAssignments"/>, which also answers the state
/// as it is, so a (re)connecting phone reads it once and then only listens.
/// </summary>
public sealed partial class AssignmentPush(EventStream events, IHubContext<CityHub> hub, ILogger<AssignmentPush> logger) : BackgroundService
{
    public const string Message = "assignment";

    /// <summary>The SignalR group of one responder's phones; its prefix keeps it apart from the map's region groups.</summary>
    public static string GroupOf(string responderId) => "responder:" + responderId;

    // Subscribed when built (before the host starts it), so no change published after the silo is up is missed.
    private readonly EventSubscription _changes = events.Subscribe("responder-phones", 10_000, e => e.Payload is ResponderChanged);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in _changes.Reader.ReadAllAsync(stoppingToken))
            {
                var change = (ResponderChanged)e.Payload;
                try
                {
                    await hub.Clients.Group(GroupOf(change.ResponderId)).SendAsync(Message, change, stoppingToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // A phone that misses one reads the state again when it reconnects; the next change still goes.
                    LogSendFailed(logger, error, change.ResponderId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        _changes.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The assignment of {Responder} could not be pushed to their phone")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string responder);
}
