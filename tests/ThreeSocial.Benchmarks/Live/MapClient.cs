using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ThreeSocial.Benchmarks.Live;

/// <summary>
/// A map's connection to the city hub through the .NET SignalR client, over WebSockets as the pages use it: what the
/// hub sends ("delta", "resync"), in arrival order and stamped with when it arrived, and a way to stop reading the
/// socket as a frozen tab or a stalled phone does.
/// </summary>
public sealed class MapClient : IAsyncDisposable
{
    private static readonly string[] Targets = ["delta", "resync", "assignment"];

    private readonly HubConnection _connection;
    private readonly ReadGate _gate = new();

    private MapClient(HubConnection connection) => _connection = connection;

    /// <summary>What the hub sent, in order; completed when the connection closes.</summary>
    public Channel<(string Target, JsonElement Argument, DateTimeOffset ReceivedAt)> Received { get; } =
        Channel.CreateUnbounded<(string, JsonElement, DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true });

    /// <param name="accessToken">The account's bearer token (sent in the upgrade request's Authorization header).</param>
    /// <param name="onMessage">Called for each message instead of queuing it (load tests count without keeping).</param>
    /// <param name="cookies">Cookies for the upgrade: a front door's affinity cookie, say.</param>
    public static async Task<MapClient> ConnectAsync(Uri hub, string? accessToken,
        Action<string, JsonElement, DateTimeOffset>? onMessage = null, CookieContainer? cookies = null, CancellationToken cancellationToken = default)
    {
        MapClient? client = null;
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, HttpTransportType.WebSockets, options =>
            {
                options.SkipNegotiation = true; // WebSockets alone need no negotiate round
                options.WebSocketFactory = async (context, token) =>
                {
                    var socket = new ClientWebSocket();
                    if (accessToken is not null) socket.Options.SetRequestHeader("Authorization", "Bearer " + accessToken);
                    if (cookies is not null) socket.Options.Cookies = cookies;
                    await socket.ConnectAsync(context.Uri, token);
                    return new GatedWebSocket(socket, client!._gate);
                };
            })
            .Build();
        client = new MapClient(connection);
        foreach (var target in Targets)
            connection.On<JsonElement>(target, argument =>
            {
                var at = DateTimeOffset.UtcNow;
                if (onMessage is not null) onMessage(target, argument, at);
                else client.Received.Writer.TryWrite((target, argument, at));
            });
        connection.Closed += _ =>
        {
            client.Received.Writer.TryComplete();
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return client;
    }

    /// <summary>Joins a map group; the hub answers with the group and the sequence the next delta follows.</summary>
    public Task<JsonElement> JoinAsync(string group) => _connection.InvokeAsync<JsonElement>("Join", group);

    /// <summary>A responder's phone: its responder's "assignment" messages from now on; answers the responder as it is.</summary>
    public Task<JsonElement> WatchAssignmentsAsync() => _connection.InvokeAsync<JsonElement>("WatchAssignments");

    /// <summary>Stops taking bytes off the socket until <see cref="ResumeReading"/>: the server's send buffers fill.</summary>
    public void PauseReading() => _gate.Close();

    public void ResumeReading() => _gate.Open();

    public async ValueTask DisposeAsync()
    {
        _gate.Open();
        await _connection.DisposeAsync();
        Received.Writer.TryComplete();
    }

    private sealed class ReadGate
    {
        private volatile TaskCompletionSource? _closed;

        public void Close() => _closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => Interlocked.Exchange(ref _closed, null)?.TrySetResult();

        public Task Passed => _closed?.Task ?? Task.CompletedTask;
    }

    /// <summary>A real client WebSocket whose receiving waits while the gate is closed.</summary>
    private sealed class GatedWebSocket(ClientWebSocket inner, ReadGate gate) : WebSocket
    {
        public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;
        public override string? CloseStatusDescription => inner.CloseStatusDescription;
        public override WebSocketState State => inner.State;
        public override string? SubProtocol => inner.SubProtocol;
        public override void Abort() => inner.Abort();
        public override void Dispose() => inner.Dispose();

        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
            inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
            inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

        public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
        {
            await gate.Passed.WaitAsync(cancellationToken);
            return await inner.ReceiveAsync(buffer, cancellationToken);
        }

        public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            await gate.Passed.WaitAsync(cancellationToken);
            return await inner.ReceiveAsync(buffer, cancellationToken);
        }

        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
            inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

        public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
            inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
    }
}
