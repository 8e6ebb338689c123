using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using Orleans;

namespace ThreeSocial.Api.Live;

/// <summary>
/// The live city map's hub (/hubs/city). A client joins the groups its map shows (the city 500000, a district, a
/// street), reads each group's snapshot (GET /api/v1/live/{group}) and then receives "delta" messages.
/// </summary>
public sealed class CityHub(LiveViewers viewers, LiveBroadcaster broadcaster, RegionCatalog catalog, IGrainFactory grains) : Hub
{
    /// <summary>
    /// For an account that is a responder's phone: from now on "assignment" messages (<see cref="AssignmentPush"/>)
    /// say each change of that responder's duty and assignment; answers the responder as they are now.
    /// </summary>
    public async Task<ResponderStatus> WatchAssignments()
    {
        var caller = Caller.Of(Context.User!) ?? throw Refusal("auth.sign-in");
        if (caller.ResponderId is not { } responder) throw Refusal("hub.not-a-phone");
        await Groups.AddToGroupAsync(Context.ConnectionId, AssignmentPush.GroupOf(responder));
        return await grains.GetGrain<IResponderGrain>(responder).GetStatus(); // read after joining: no change falls between
    }

    public LiveJoined Join(string group)
    {
        if (!LiveGroups.IsGroup(group ?? "", catalog))
            throw Refusal("invalid.map-group", $"'{Truncate(group)}'");
        var caller = Caller.Of(Context.User!) ?? throw Refusal("auth.sign-in");
        if (!caller.Covers(group!)) throw Refusal("hub.group-outside", group!, string.Join(", ", caller.Jurisdiction));
        if (!viewers.Join(Context.ConnectionId, group!)) throw Refusal("hub.too-many-groups", LiveViewer.MaxGroups);
        return new LiveJoined(group!, broadcaster.Sequence(group!));
    }

    public void Leave(string group) => viewers.Leave(Context.ConnectionId, group ?? "");

    /// <summary>Said in the language the connection was opened in (its Accept-Language or ?ui-culture=, as any request).</summary>
    private HubException Refusal(string key, params object[] facts) => new(Grains.Texts.Texts.Say(key,
        Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? Grains.Texts.Texts.Chinese, facts));

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 20 ? s : s[..20] + "…";
}
