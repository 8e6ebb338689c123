using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Reports;
using ThreeSocial.Grains.Users;
using ThreeSocial.Grains.Texts;
using Orleans;

namespace ThreeSocial.Api.Reports;

/// <summary>
/// How well a street, a district or the city keeps the documents' deadlines, by day, ISO week or month, with every miss
/// and its cause and the residents' satisfaction: JSON, or CSV for spreadsheets.
/// </summary>
public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/reports/compliance", Compliance).WithTags("Reports").WithName("ComplianceReport")
            .Require(Permission.SuperviseIncident, Scopes.RegionInQuery("region")); // those who answer for the deadlines: operators and street offices
        return app;
    }

    /// <summary>
    /// ?region (a street, district or the city 500000), ?period=day|week|month (default week), ?date=yyyy-MM-dd (a day in
    /// the period; default today, +08:00), ?format=json|csv (default json), ?table=days|misses (which CSV table; default days).
    /// </summary>
    public static async Task<Results<Ok<ComplianceReport>, ContentHttpResult>> Compliance(IGrainFactory grains,
        [FromKeyedServices(Orleans.Runtime.TimeProviderNames.Grains)] TimeProvider clock,
        string? region = null, string? period = null, DateOnly? date = null, string? format = null, string? table = null)
    {
        var code = RegionCode.Parse(region, "region");
        if (code.Level > RegionLevel.Street) throw new InvalidRequestException("region", "invalid.report-region");
        var span = One(period ?? "week", "period", ReportPeriod.Day, ReportPeriod.Week, ReportPeriod.Month);
        var csv = One(format ?? "json", "format", "json", "csv") == "csv";
        var misses = One(table ?? "days", "table", "days", "misses") == "misses";
        var report = await ComplianceReader.ReadAsync(grains, code, span, date ?? ChongqingTime.Today(clock));
        if (!csv) return TypedResults.Ok(report);
        return TypedResults.Text(misses ? ComplianceCsv.Misses(report) : ComplianceCsv.Days(report), "text/csv; charset=utf-8");
    }

    private static T One<T>(string value, string field, params T[] allowed) where T : notnull
    {
        foreach (var a in allowed)
            if (string.Equals(a.ToString(), value, StringComparison.OrdinalIgnoreCase)) return a;
        throw new InvalidRequestException(field, "invalid.one-of", field, Phrase.List(allowed.Select(a => Phrase.Plain(a.ToString()!.ToLowerInvariant()))));
    }
}
