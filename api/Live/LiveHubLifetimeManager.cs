using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace ThreeSocial.Api.Live;

/// <summary>SignalR's own lifetime manager, told to keep <see cref="LiveViewers"/> up to date as connections come and go.</summary>
public sealed class LiveHubLifetimeManager(LiveViewers viewers, ILogger<DefaultHubLifetimeManager<CityHub>> logger)
    : DefaultHubLifetimeManager<CityHub>(logger)
{
    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        viewers.Connected(connection);
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        viewers.Disconnected(connection.ConnectionId);
        await base.OnDisconnectedAsync(connection);
    }
}
