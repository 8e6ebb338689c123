using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Support;

namespace ThreeSocial.Tests.Phone;

/// <summary>Grid-worker accounts that are a responder's phone, made on first use as an administrator would.</summary>
public static class PhoneAccounts
{
    public static string NameFor(ResponderSeed responder) => "t-phone-" + responder.Id.ToLowerInvariant();

    /// <summary>The account's name; its jurisdiction is the responder's home community.</summary>
    public static async Task<string> PhoneOf(this RunningSilo silo, ResponderSeed responder)
    {
        var name = NameFor(responder);
        var user = silo.Grains.GetGrain<IUserGrain>(name);
        if (await user.Get() is null)
            await user.Create(new NewUser(name, RunningSilo.Password, [Role.GridWorker], [responder.HomeCommunity], ResponderId: responder.Id), "test");
        return name;
    }
}
