using System.Collections.Immutable;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Users;

public sealed record NewUserRequest(string Name, string Password, ImmutableArray<Role> Roles, ImmutableArray<string> Jurisdiction, string? DisplayName = null, string? ResponderId = null);

public sealed record UserChangeRequest(ImmutableArray<Role>? Roles = null, ImmutableArray<string>? Jurisdiction = null, bool? Disabled = null, string? Password = null);

/// <summary>Accounts, for administrators: create, list, change roles or jurisdiction, disable, set a new password.</summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/users").WithTags("Users").Require(Permission.ManageUsers, Scopes.City);
        users.MapPost("", Create).WithName("CreateUser");
        users.MapGet("", List).WithName("ListUsers");
        users.MapGet("/{name}", async (string name, IGrainFactory grains) =>
            TypedResults.Ok(await User(grains, name).Get() ?? throw new NotFoundException("missing.user", name))).WithName("GetUser");
        users.MapPatch("/{name}", async (string name, UserChangeRequest body, Caller caller, IGrainFactory grains) =>
            TypedResults.Ok(await User(grains, name).Change(new UserChange(body.Roles, body.Jurisdiction, body.Disabled, body.Password), caller.Name)))
            .WithName("ChangeUser");
        return app;
    }

    public static async Task<Created<UserView>> Create(NewUserRequest body, Caller caller, IGrainFactory grains)
    {
        var name = body.Name ?? "";
        UserGrain.CheckName(name); // a 400 here: the name is what is being chosen
        var created = await grains.GetGrain<IUserGrain>(name).Create(new NewUser(name, body.Password, body.Roles, body.Jurisdiction, body.DisplayName, body.ResponderId), caller.Name);
        return TypedResults.Created($"/api/v1/users/{name}", created);
    }

    public static async Task<Ok<List<UserView>>> List(IGrainFactory grains)
    {
        var names = await grains.GetGrain<IUserDirectoryGrain>(UserDirectoryGrain.Key).List();
        var users = await Task.WhenAll(names.Select(n => grains.GetGrain<IUserGrain>(n).Get()));
        return TypedResults.Ok(users.OfType<UserView>().ToList());
    }

    // A name that cannot be a user is a 404 without activating anything.
    private static IUserGrain User(IGrainFactory grains, string name)
    {
        try { UserGrain.CheckName(name); }
        catch (InvalidRequestException) { throw new NotFoundException("missing.user", Common.Quote.Of(name)); }
        return grains.GetGrain<IUserGrain>(name);
    }
}
