using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace ThreeSocial.Benchmarks.Live;

/// <summary>
/// A small client of the SignalR JSON hub protocol over WebSockets (the .NET SignalR client does not restore here):
/// handshake, invocations with their completions, server invocations, pings. Only what the map's clients do.
/// Frames are read whole and split on the record separator (0x1E), as the protocol defines.
/// </summary>
public sealed class SignalRJsonClient : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;

    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _calls = [];
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private IAsyncEnumerator<byte[]>? _records;
    private Task _reading = Task.CompletedTask;
    private Task _pinging = Task.CompletedTask;
    private int _nextId;
    private volatile TaskCompletionSource? _paused;

    /// <summary>Server invocations (target and arguments), in arrival order, stamped with when they arrived.</summary>
    public Channel<(string Target, JsonElement Arguments, DateTimeOffset ReceivedAt)> Received { get; } =
        Channel.CreateUnbounded<(string, JsonElement, DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Called on the reading loop instead of queuing into <see cref="Received"/> when set (load tests count without keeping).</summary>
    public Action<string, JsonElement, DateTimeOffset>? OnInvocation { get; init; }

    /// <param name="accessToken">A bearer token; sent as access_token in the query string, as browsers' SignalR clients do for WebSockets.</param>
    /// <param name="cookies">Cookies to send with the upgrade (a front door's affinity cookie, say).</param>
    public static async Task<SignalRJsonClient> ConnectAsync(Uri hub, string? accessToken,
        CancellationToken cancellationToken = default, Action<string, JsonElement, DateTimeOffset>? onInvocation = null,
        System.Net.CookieContainer? cookies = null)
    {
        var client = new SignalRJsonClient { OnInvocation = onInvocation };
        if (cookies is not null) client._socket.Options.Cookies = cookies;
        var ws = new UriBuilder(hub)
        {
            Scheme = hub.Scheme == "https" ? "wss" : "ws",
            Query = accessToken is null ? "" : "access_token=" + Uri.EscapeDataString(accessToken),
        }.Uri;
        await client._socket.ConnectAsync(ws, cancellationToken); // WebSockets alone need no negotiate round
        await client.SendRaw("""{"protocol":"json","version":1}""", cancellationToken);
        client._records = client.ReadFrames(client._stop.Token).GetAsyncEnumerator(client._stop.Token);
        if (!await client._records.MoveNextAsync()) throw new WebSocketException("closed during the handshake");
        using (var answer = JsonDocument.Parse(client._records.Current))
            if (answer.RootElement.TryGetProperty("error", out var error)) throw new InvalidOperationException($"Handshake refused: {error}");
        client._reading = Task.Run(client.ReadLoop);
        client._pinging = Task.Run(client.PingLoop);
        return client;
    }

    /// <summary>Stops taking messages off the socket, as a stalled phone or a frozen tab would, until resumed.</summary>
    public void PauseReading() => _paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ResumeReading()
    {
        var paused = _paused;
        _paused = null;
        paused?.TrySetResult();
    }

    public async Task<JsonElement> InvokeAsync(string target, params object?[] arguments)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock) _calls[id] = completion;
        await SendRaw(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments }), _stop.Token);
        return await completion.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task SendRaw(string json, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(json + (char)RecordSeparator);
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task PingLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _stop.Token); // the server drops a client silent for 30 s
                await SendRaw("""{"type":6}""", _stop.Token);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested || _socket.State != WebSocketState.Open)
        {
        }
    }

    private async Task ReadLoop()
    {
        try
        {
            while (true)
            {
                if (_paused is { } paused) await paused.Task.WaitAsync(_stop.Token);
                if (!await _records!.MoveNextAsync()) break;
                Dispatch(_records.Current);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested || _socket.State != WebSocketState.Open)
        {
        }
        finally
        {
            Received.Writer.TryComplete();
            lock (_lock) foreach (var call in _calls.Values) call.TrySetException(new WebSocketException("connection closed"));
        }
    }

    private void Dispatch(byte[] frame)
    {
        using var document = JsonDocument.Parse(frame);
        var message = document.RootElement;
        switch (message.GetProperty("type").GetInt32())
        {
            case 1: // invocation from the server
                var target = message.GetProperty("target").GetString()!;
                var arguments = message.GetProperty("arguments").Clone();
                var at = DateTimeOffset.UtcNow;
                if (OnInvocation is { } handler) handler(target, arguments, at);
                else Received.Writer.TryWrite((target, arguments, at));
                break;
            case 3: // completion of one of ours
                TaskCompletionSource<JsonElement>? call;
                lock (_lock) _calls.Remove(message.GetProperty("invocationId").GetString()!, out call);
                if (message.TryGetProperty("error", out var error)) call?.TrySetException(new InvalidOperationException(error.GetString()));
                else call?.TrySetResult(message.TryGetProperty("result", out var result) ? result.Clone() : default);
                break;
            case 7: // close
                _stop.Cancel();
                break;
        }
    }

    /// <summary>Each record of each WebSocket message: a message may hold several records, a record may span frames.</summary>
    private async IAsyncEnumerable<byte[]> ReadFrames([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        var chunk = new byte[16 * 1024];
        while (_socket.State == WebSocketState.Open)
        {
            var read = await _socket.ReceiveAsync(chunk, cancellationToken);
            if (read.MessageType == WebSocketMessageType.Close) yield break;
            buffer.Write(chunk.AsSpan(0, read.Count));
            int end;
            while ((end = buffer.WrittenSpan.IndexOf(RecordSeparator)) >= 0)
            {
                var record = buffer.WrittenSpan[..end].ToArray();
                var rest = buffer.WrittenSpan[(end + 1)..].ToArray();
                buffer.Clear();
                buffer.Write(rest);
                yield return record;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception)
        {
            // closing is best effort: the server notices the socket gone either way
        }
        await Task.WhenAll(_reading, _pinging).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
    }
}
