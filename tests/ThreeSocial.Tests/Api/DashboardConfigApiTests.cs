using System.Net.Http.Json;
using System.Text.Json;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

/// <summary>The dashboard's config carries the rules the service owns, so the pages apply them instead of restating them.</summary>
[Collection(CitySiloCollection.Name)]
[Trait("Category", TestCategory.Api)]
public sealed class DashboardConfigApiTests(RegionsSiloFixture fixture)
{
    [Fact]
    public async Task The_config_says_which_stages_are_open_when_an_incident_is_at_risk_and_which_levels_are_live_groups()
    {
        var config = await fixture.Silo.Anonymous.GetFromJsonAsync<JsonElement>("/api/v1/dashboard/config"); // the pages read it before signing in

        Assert.Equal(JsonValueKind.Null, config.GetProperty("tileUrl").ValueKind); // none reachable here, as before
        var open = config.GetProperty("openStages").EnumerateArray().Select(s => Enum.Parse<IncidentStage>(s.GetString()!)).ToHashSet();
        Assert.Equal(Enum.GetValues<IncidentStage>().Where(IncidentStages.IsOpen).ToHashSet(), open);
        Assert.Contains(IncidentStage.Escalated, open);
        Assert.DoesNotContain(IncidentStage.Resolved, open);
        Assert.Equal(30, config.GetProperty("atRiskWithinMinutes").GetInt32());
        Assert.Equal(["city", "district", "street"], config.GetProperty("liveGroupLevels").EnumerateArray().Select(l => l.GetString()));
    }
}
