using ThreeSocial.Grains.Alerts;
using ThreeSocial.Reminders;
using ThreeSocial.Events;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Communities;

public sealed class CommunityGrain : Grain, ICommunityGrain, IRemindable
{
    private const int MaxMealsPerRecord = 10_000;
    private const string DayEnd = "meals-day-end";
    private readonly EventStream _events;

    private readonly IPersistentState<CommunityState> _community;
    private readonly ParentReporter _street;
    private readonly CommunityProfile _profile;
    private readonly RegionCode _code;
    private readonly TimeProvider _clock;

    private readonly ILogger<CommunityGrain> _logger;

    private readonly AlertRules _rules;

    public CommunityGrain([PersistentState("community")] IPersistentState<CommunityState> community, IGrainFactory grains, EventStream events,
        RegionCatalog catalog, AlertRules rules, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock, ILogger<CommunityGrain> logger)
    {
        _rules = rules;
        _community = community;
        _events = events;
        _logger = logger;
        _clock = clock;
        _street = new ParentReporter(grains, this.GetPrimaryKeyString());
        _profile = catalog.Profile(this.GetPrimaryKeyString()) ?? throw new NotFoundException("missing.community", this.GetPrimaryKeyString());
        _code = RegionCode.Parse(this.GetPrimaryKeyString());
    }

    public async Task<MealStatus> RecordMeals(MealRecord record)
    {
        Require.Text(record.RequestId, nameof(record.RequestId), 128);
        Require.Text(record.Actor, nameof(record.Actor), 64);
        if (record.Booked is < 0 or > MaxMealsPerRecord || record.Served is < 0 or > MaxMealsPerRecord || record.Booked + record.Served == 0)
            throw new InvalidRequestException(nameof(record), "invalid.meals", MaxMealsPerRecord);
        if (RecentRequests.IsResend(_community.State.Requests.TryGet(record.RequestId, out var seen) ? seen : null, record, record.RequestId, nameof(record.RequestId)))
            return Meals();
        var fingerprint = RecentRequests.Fingerprint(record);
        var today = Today;
        var day = _community.State.Meals is { } m && m.Date == today ? m : new MealDay(today, 0, 0);
        var firstOfDay = day.Booked + day.Served == 0;
        await Change(s => s with
        {
            Meals = new MealDay(today, day.Booked + record.Booked, day.Served + record.Served),
            Requests = s.Requests.Remember(record.RequestId, fingerprint),
        });
        if (firstOfDay) await this.RemindOnce(DayEnd, NextMidnight() - ChongqingTime.Now(_clock));
        var meals = Meals();
        if (meals.Overflow > 0 && record.Booked > 0)
            await TellStreet(MealsAlertKind, alert => alert.Raise(new Alerts.AlertCondition(MealsAlertKind, Street, _code.District.ToString(), this.GetPrimaryKeyString(),
                $"{meals.Date:yyyy-MM-dd}: {meals.Booked} booked, capacity {meals.Capacity} ({meals.CanteenSeats} seats + {meals.DeliveryCapacity} delivered), {meals.Overflow} over",
                ChongqingTime.Now(_clock))));
        return meals;
    }

    private const string MealsAlertKind = AlertKinds.MealsOverCapacity;

    private string Street => _code.Street.ToString();

    private Task<bool> TellStreet(string kind, Func<Alerts.IAlertGrain, Task> say) => GrainFactory.Tell(Street, kind, this.GetPrimaryKeyString(), say, _logger);

    public Task<MealStatus> GetMeals() => Task.FromResult(Meals());

    public Task<LiveRegion> GetLive() => Task.FromResult(new LiveRegion(this.GetPrimaryKeyString(), _community.State.Version, Totals()));

    /// <summary>At midnight (+08:00) the day's meals end: the street's totals drop them too.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DayEnd) return;
        if (_community.State.Meals is { } m && m.Date >= Today) return; // a new day already booked: its own midnight is registered
        await this.ForgetReminder(DayEnd);
        if (_community.State.Meals is null) return;
        await Change(s => s with { Meals = null });
        await TellStreet(MealsAlertKind, alert => alert.Clear("the day's meals are over")); // nothing to cancel unless the day was over capacity
    }

    private async Task Change(Func<CommunityState, CommunityState> change)
    {
        var before = _community.State;
        await _community.ReplaceStateAsync(change(before) with { Version = before.Version + 1 });
        _street.Report(_community.State.Version, Totals());
        _events.Publish(new RegionStatusChanged(new LiveRegion(this.GetPrimaryKeyString(), _community.State.Version, Totals())));
    }

    private MealStatus Meals()
    {
        var day = _community.State.Meals is { } m && m.Date == Today ? m : new MealDay(Today, 0, 0);
        return new MealStatus(this.GetPrimaryKeyString(), day.Date, day.Booked, day.Served, _profile.CanteenSeats, _profile.DeliveryCapacity);
    }

    private DateOnly Today => ChongqingTime.Today(_clock);

    private DateTimeOffset NextMidnight() => new(Today.AddDays(1).ToDateTime(TimeOnly.MinValue), ChongqingTime.Offset);

    public async Task SetResponderDuty(ResponderDuty duty)
    {
        var state = _community.State;
        if (state.Responders.TryGetValue(duty.ResponderId, out var known) && known.Version >= duty.Version) return; // repeat or stale
        var before = OnDutyCount();
        await Change(s => s with { Responders = s.Responders.SetItem(duty.ResponderId, duty) });
        await AlertCoverage(before, OnDutyCount());
    }

    private int OnDutyCount() => _community.State.Responders.Values.Count(r => r.OnDuty);

    /// <summary>The fewest on duty for the community's elderly (1 per 1,000 aged 60+ by default, per jurisdiction), at least 1.</summary>
    private int MinimumOnDuty => _profile.Elderly60Plus == 0 ? 0
        : Math.Max(1, (int)Math.Ceiling(_profile.Elderly60Plus / 1000.0 * _rules.OnDutyPer1000Elderly(Street)));

    /// <summary>
    /// Someone going off duty and leaving fewer than the minimum alerts the street office (each further departure
    /// updates it); coming back up to the minimum cancels it. A shift filling up from nobody is not news.
    /// </summary>
    private async Task AlertCoverage(int before, int now)
    {
        var minimum = MinimumOnDuty;
        var alert = (Func<Alerts.IAlertGrain, Task> say) => TellStreet(CoverageAlertKind, say);
        if (now < minimum && now < before)
            await alert(a => a.Raise(new Alerts.AlertCondition(CoverageAlertKind, Street, _code.District.ToString(), this.GetPrimaryKeyString(),
                $"{now} on duty, minimum {minimum} for {_profile.Elderly60Plus} residents aged 60+", ChongqingTime.Now(_clock))));
        else if (now >= minimum && before < minimum)
            await alert(a => a.Clear($"{now} on duty again, minimum {minimum}"));
    }

    private const string CoverageAlertKind = AlertKinds.CoverageLow;

    public Task<ImmutableArray<string>> GetOnDuty() =>
        Task.FromResult(_community.State.Responders.Values.Where(r => r.OnDuty).Select(r => r.ResponderId).Order(StringComparer.Ordinal).ToImmutableArray());

    public Task<CommunityLiveStatus> GetStatus()
    {
        var onDuty = _community.State.Responders.Values.Where(r => r.OnDuty).ToList();
        var bySkill = onDuty.SelectMany(r => r.Skills).GroupBy(s => s).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var t = Totals();
        return Task.FromResult(new CommunityLiveStatus(this.GetPrimaryKeyString(), t.GridWorkersOnDuty, t.VolunteersOnDuty, t.SocialWorkersOnDuty, t.PropertyStaffOnDuty, bySkill));
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_community.RecordExists) _street.Report(_community.State.Version, Totals()); // heals a report lost to a crash
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _street.DrainAsync(cancellationToken);

    private RollupTotals Totals()
    {
        var onDuty = _community.State.Responders.Values.Where(r => r.OnDuty).ToList();
        var meals = Meals();
        return new RollupTotals
        {
            GridWorkersOnDuty = onDuty.Count(r => r.Role == ResponderRole.GridWorker),
            VolunteersOnDuty = onDuty.Count(r => r.Role == ResponderRole.Volunteer),
            SocialWorkersOnDuty = onDuty.Count(r => r.Role == ResponderRole.SocialWorker),
            PropertyStaffOnDuty = onDuty.Count(r => r.Role == ResponderRole.PropertyStaff),
            MealsBookedToday = meals.Booked,
            MealsServedToday = meals.Served,
        };
    }
}
