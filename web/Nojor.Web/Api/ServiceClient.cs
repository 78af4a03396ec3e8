using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nojor.Web.Api;

/// <summary>
/// What every service client shares: JSON in the services' web shape, refusals (4xx) turned into
/// <see cref="ApiProblem"/>s a page can show, and failures (5xx, no connection) into <see cref="ServiceUnavailableException"/>.
/// </summary>
public abstract class ServiceClient(HttpClient http, string service)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    protected HttpClient Http { get; } = http;

    /// <summary>GET a resource; 404 gives a null value without a problem, other refusals their problem.</summary>
    protected async Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure?.Invoke(request);
        using var response = await SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new ApiResult<T>(default, null);
        }
        return await ReadAsync<T>(response, cancellationToken);
    }

    protected async Task<ApiResult<T>> SendJsonAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        configure?.Invoke(request);
        using var response = await SendAsync(request, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    protected async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ServiceUnavailableException(service, "no answer", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceUnavailableException(service, "timed out", e);
        }
        if ((int)response.StatusCode >= 500)
        {
            var status = response.StatusCode;
            response.Dispose();
            throw new ServiceUnavailableException(service, $"answered {(int)status}");
        }
        return response;
    }

    protected static async Task<ApiResult<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
            {
                return new ApiResult<T>(default, null);
            }
            return new ApiResult<T>(await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), null);
        }
        return await ProblemOf(response, cancellationToken);
    }

    protected static async Task<ApiProblem> ProblemOf(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        ProblemBody? body = null;
        if (response.Content.Headers.ContentType?.MediaType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                body = await response.Content.ReadFromJsonAsync<ProblemBody>(Json, cancellationToken);
            }
            catch (JsonException)
            {
                // A refusal without a readable body still has its status code.
            }
        }
        return new ApiProblem((int)response.StatusCode, body?.Title ?? response.ReasonPhrase, body?.Detail, body?.Errors);
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
