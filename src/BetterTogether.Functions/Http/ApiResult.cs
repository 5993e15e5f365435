using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BetterTogether.Functions.Http;

/// <summary>
/// Runs one of the shared API's <see cref="IResult"/>s as the <see cref="IActionResult"/> an ASP.NET Core-integrated HTTP
/// function returns (the integration executes action results; the API's handlers return minimal-API results).
/// </summary>
internal sealed class ApiResult(IResult result) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return result.ExecuteAsync(context.HttpContext);
    }

    public static async Task<IActionResult> From(Task<IResult> result) => new ApiResult(await result.ConfigureAwait(false));
}
