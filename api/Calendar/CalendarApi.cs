using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Calendar;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Calendar;

/// <summary>
/// The holiday table: public holidays and the weekend days worked in their place. Every signed-in user reads it; the
/// admin replaces it when the State Council publishes a year's schedule. Reports filed from then on count working days by it.
/// </summary>
public static class CalendarApi
{
    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        var holidays = app.MapGroup("/api/v1/calendar/holidays").WithTags("Calendar");
        holidays.MapGet("", Read).WithName("ReadHolidays").Require(Permission.ViewMap);
        holidays.MapPut("", Replace).WithName("ReplaceHolidays").Require(Permission.ManageCalendar, Scopes.City);
        return app;
    }

    public static async Task<Ok<HolidayTable>> Read(IGrainFactory grains) =>
        TypedResults.Ok(await Calendar(grains).Get());

    // [FromBody]: the shipped table is also a DI service, and minimal APIs would bind that instead of the request.
    public static async Task<Ok<HolidayTable>> Replace([FromBody] HolidayTable body, IGrainFactory grains) =>
        TypedResults.Ok(await Calendar(grains).Replace(body));

    private static IHolidayCalendarGrain Calendar(IGrainFactory grains) => grains.GetGrain<IHolidayCalendarGrain>(HolidayCalendarGrain.Key);
}
