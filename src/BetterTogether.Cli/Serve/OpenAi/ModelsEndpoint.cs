using Microsoft.AspNetCore.Http;

namespace BetterTogether.Cli.Serve.OpenAi;

/// <summary>
/// <c>GET /v1/models</c>: the base model, then each adapter in service with the base model as its parent;
/// <c>GET /v1/models/{id}</c>: one of them, or a 404 naming the id.
/// </summary>
internal static class ModelsEndpoint
{
    public static IResult List(OpenAiEngineHost host) => Results.Json(new ModelListBody("list", Cards(host)), OpenAiJson.Options);

    public static IResult Get(OpenAiEngineHost host, string id) =>
        Cards(host).FirstOrDefault(card => string.Equals(card.Id, id, StringComparison.Ordinal)) is { } card
            ? Results.Json(card, OpenAiJson.Options)
            : OpenAiErrors.UnknownModel(id);

    private static List<ModelCardBody> Cards(OpenAiEngineHost host)
    {
        var owner = host.Options.OwnedBy;
        var baseName = host.Model.Name;
        List<ModelCardBody> cards = [new(baseName, "model", host.Created.ToUnixTimeSeconds(), owner, baseName, null)];
        cards.AddRange(host.Adapters.Select(a => new ModelCardBody(a.Name, "model", a.Created.ToUnixTimeSeconds(), owner, a.Path, baseName)));
        return cards;
    }
}
