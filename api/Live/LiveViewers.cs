using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace ThreeSocial.Api.Live;

/// <summary>
/// One connected map. It has at most one send in flight: while its last send has not been taken by the network, the
/// next is skipped rather than queued, so a slow or stalled client costs one buffer and never slows the broadcaster.
/// Once it has caught up it is told to resync (read the snapshot again) instead of being sent the next delta.
/// </summary>
public sealed class LiveViewer(HubConnectionContext connection)
{
    public const int MaxGroups = 8;

    private readonly Lock _lock = new();
    private readonly HashSet<string> _groups = [];
    private Task _lastSend = Task.CompletedTask;

    public string ConnectionId => connection.ConnectionId;

    /// <summary>Who opened it, as their token said then.</summary>
    public System.Security.Claims.ClaimsPrincipal User => connection.User;

    /// <summary>Ends the connection from the server's side; the client sees it closed.</summary>
    internal void Close() => connection.Abort();

    /// <summary>The connection has ended: whatever the broadcaster still holds for it is dropped.</summary>
    public bool Gone { get; internal set; }

    /// <summary>Its last send has been taken by the network: another may go.</summary>
    internal bool Idle => _lastSend.IsCompleted;

    internal bool TryAddGroup(string group)
    {
        lock (_lock) return _groups.Contains(group) || (_groups.Count < MaxGroups && _groups.Add(group));
    }

    internal bool RemoveGroup(string group)
    {
        lock (_lock) return _groups.Remove(group);
    }

    internal string[] Groups()
    {
        lock (_lock) return [.. _groups];
    }

    /// <summary>Called by the broadcaster's single flush loop only.</summary>
    internal bool TrySend(SerializedHubMessage message)
    {
        if (!_lastSend.IsCompleted) return false;
        var sending = connection.WriteAsync(message);
        _lastSend = sending.IsCompletedSuccessfully ? Task.CompletedTask : sending.AsTask();
        return true;
    }
}

/// <summary>Who watches which group. Membership is kept here, not in SignalR's groups, so sends can skip slow viewers.</summary>
public sealed class LiveViewers
{
    private readonly ConcurrentDictionary<string, LiveViewer> _byConnection = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, LiveViewer>> _byGroup = new();

    public int Count => _byConnection.Count;

    public ICollection<LiveViewer> All => _byConnection.Values;

    public IEnumerable<string> WatchedGroups => _byGroup.Where(g => !g.Value.IsEmpty).Select(g => g.Key);

    public ICollection<LiveViewer> In(string group) => _byGroup.TryGetValue(group, out var viewers) ? viewers.Values : [];

    internal void Connected(HubConnectionContext connection) => _byConnection[connection.ConnectionId] = new LiveViewer(connection);

    internal void Disconnected(string connectionId)
    {
        if (!_byConnection.TryRemove(connectionId, out var viewer)) return;
        viewer.Gone = true;
        foreach (var group in viewer.Groups()) Leave(viewer, group);
    }

    /// <returns>False when the connection is unknown or already watches the most groups allowed.</returns>
    public bool Join(string connectionId, string group)
    {
        if (!_byConnection.TryGetValue(connectionId, out var viewer) || !viewer.TryAddGroup(group)) return false;
        _byGroup.GetOrAdd(group, _ => new ConcurrentDictionary<string, LiveViewer>())[connectionId] = viewer;
        return true;
    }

    public void Leave(string connectionId, string group)
    {
        if (_byConnection.TryGetValue(connectionId, out var viewer)) Leave(viewer, group);
    }

    private void Leave(LiveViewer viewer, string group)
    {
        viewer.RemoveGroup(group);
        if (_byGroup.TryGetValue(group, out var viewers)) viewers.TryRemove(viewer.ConnectionId, out _);
    }
}
