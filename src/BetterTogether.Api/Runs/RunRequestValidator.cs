using BetterTogether.Core.Optimizers;
using BetterTogether.Workflow.Optimization;
using Microsoft.AspNetCore.Http;

namespace BetterTogether.Api.Runs;

/// <summary>Checks a run request before it is started: budgets, strategy and task (a problem-details 400 for each fault).</summary>
public static class RunRequestValidator
{
    /// <summary>The longest strategy accepted (about 50 steps; the paper's longest has 3).</summary>
    public const int MaxStrategyLength = 200;

    /// <summary>Null when the request is valid, else the 400 to answer.</summary>
    public static IResult? Validate(OptimizationRunRequest request, IOptimizationEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(environment);
        if (request.Strategy is { Length: > MaxStrategyLength })
        {
            return ApiJson.Problem(400, "Invalid strategy", $"The strategy has {request.Strategy.Length} characters; at most {MaxStrategyLength} are accepted.", "strategy");
        }

        try
        {
            request.Validate();
        }
        catch (StrategyParseException e)
        {
            return ApiJson.Problem(400, "Invalid strategy", e.Message, "strategy");
        }
        catch (OptimizationRequestException e)
        {
            return ApiJson.Problem(400, "Invalid budget", e.Message, e.ParamName);
        }

        try
        {
            environment.GetTask(request.Task, request.Seed);
        }
        catch (ArgumentException e)
        {
            return ApiJson.Problem(400, "Unknown task", e.Message, "task");
        }

        return null;
    }
}
