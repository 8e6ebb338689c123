namespace ThreeSocial.Grains.TimeBank;

/// <summary>A volunteer's time bank (时间银行), keyed by responder id.</summary>
[Alias("ts.ITimeBankGrain")]
public interface ITimeBankGrain : IGrainWithStringKey
{
    [Alias("Credit")] Task<TimeBankView> Credit(HoursCredit credit);

    [Alias("Redeem")] Task<TimeBankView> Redeem(Redemption redemption);

    [Alias("Approve")] Task<TimeBankView> Approve(HoursApproval approval);

    [Alias("Get")] Task<TimeBankView> Get();

    [Alias("GetTotals")] Task<TimeBankTotals> GetTotals();
}
