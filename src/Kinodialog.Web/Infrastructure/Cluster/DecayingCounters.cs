using System.Globalization;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace Kinodialog.Web.Infrastructure.Cluster;

/// <summary>
/// Counters that forget one unit per <c>decay</c> of time (a leaky bucket that refuses when full),
/// shared by every node in cluster mode; and secrets every node agrees on (keys of the hashes that
/// name clients). The join limiter's memory.
/// </summary>
public interface IDecayingCounters
{
    /// <summary>
    /// Adds one to the key's count unless its count now (after decay) is above <paramref name="limit"/> − 1;
    /// the count before adding, or null when refused (a refusal is not counted).
    /// </summary>
    Task<double?> AddAsync(string key, int limit, TimeSpan decay);

    /// <summary>Takes one back (never below zero).</summary>
    Task TakeBackAsync(string key, TimeSpan decay);

    /// <summary>A random 32-byte secret of this name, the same on every node, made on first use.</summary>
    Task<byte[]> SecretAsync(string name);
}

/// <summary>One node: the counts in memory (stale ones pruned when there are many).</summary>
public sealed class MemoryDecayingCounters(TimeProvider clock) : IDecayingCounters
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (double Count, DateTimeOffset At, TimeSpan Decay)> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _secrets = new(StringComparer.Ordinal);

    public Task<double?> AddAsync(string key, int limit, TimeSpan decay)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var before = Current(key, now);
            if (before > limit - 1)
            {
                return Task.FromResult<double?>(null);
            }

            _counts[key] = (before + 1, now, decay);
            if (_counts.Count > 100_000)
            {
                foreach (var stale in _counts.Where(kv => Decayed(kv.Value, now) <= 0).Select(kv => kv.Key).ToList())
                {
                    _counts.Remove(stale);
                }
            }

            return Task.FromResult<double?>(before);
        }
    }

    public Task TakeBackAsync(string key, TimeSpan decay)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            var count = Current(key, now) - 1;
            if (count <= 0)
            {
                _counts.Remove(key);
            }
            else
            {
                _counts[key] = (count, now, decay);
            }
        }

        return Task.CompletedTask;
    }

    public Task<byte[]> SecretAsync(string name)
    {
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var secret))
            {
                _secrets[name] = secret = RandomNumberGenerator.GetBytes(32);
            }

            return Task.FromResult(secret);
        }
    }

    private double Current(string key, DateTimeOffset now) =>
        _counts.TryGetValue(key, out var state) ? Math.Max(0, Decayed(state, now)) : 0;

    private static double Decayed((double Count, DateTimeOffset At, TimeSpan Decay) state, DateTimeOffset now) =>
        state.Count - ((now - state.At) / state.Decay);
}

/// <summary>
/// Several nodes: the same rule in Redis, one atomic script per call (a hash of count and time,
/// expiring when fully decayed). Times come from this node's clock (nodes keep their clocks in step,
/// as NTP does; a few seconds apart change a count by a few hundredths).
/// </summary>
public sealed class RedisDecayingCounters(IConnectionMultiplexer redis, TimeProvider clock) : IDecayingCounters
{
    /// <summary>KEYS[1]: the counter. ARGV: now (ms), decay (ms per unit), limit, "add" or "back". Returns the count before (add), -1 when refused.</summary>
    private const string Script = """
        local state = redis.call('HMGET', KEYS[1], 'c', 't')
        local now = tonumber(ARGV[1])
        local decay = tonumber(ARGV[2])
        local count = 0
        if state[1] then
          count = tonumber(state[1]) - (now - tonumber(state[2])) / decay
          if count < 0 then count = 0 end
        end
        if ARGV[4] == 'add' then
          if count > tonumber(ARGV[3]) - 1 then return '-1' end
          redis.call('HSET', KEYS[1], 'c', tostring(count + 1), 't', tostring(now))
          redis.call('PEXPIRE', KEYS[1], math.ceil((count + 1) * decay) + 1000)
          return tostring(count)
        end
        count = count - 1
        if count <= 0 then
          redis.call('DEL', KEYS[1])
        else
          redis.call('HSET', KEYS[1], 'c', tostring(count), 't', tostring(now))
          redis.call('PEXPIRE', KEYS[1], math.ceil(count * decay) + 1000)
        end
        return '0'
        """;

    public async Task<double?> AddAsync(string key, int limit, TimeSpan decay)
    {
        var result = (string?)await RunAsync(key, decay, limit, "add");
        var before = double.Parse(result ?? "0", CultureInfo.InvariantCulture);
        return before < 0 ? null : before;
    }

    public Task TakeBackAsync(string key, TimeSpan decay) => RunAsync(key, decay, 0, "back");

    /// <summary>Secrets read once per process (they never change): no Redis round trip per join attempt.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<byte[]>> _secrets = new(StringComparer.Ordinal);

    public Task<byte[]> SecretAsync(string name)
    {
        var secret = _secrets.GetOrAdd(name, ReadSecretAsync);
        if (secret.IsFaulted)
        {
            // Redis was unreachable: ask again next time rather than keep the failure.
            _secrets.TryRemove(new KeyValuePair<string, Task<byte[]>>(name, secret));
        }

        return secret;
    }

    private async Task<byte[]> ReadSecretAsync(string name)
    {
        var db = redis.GetDatabase();
        var redisKey = new RedisKey("kinodialog:secret:" + name);
        await db.StringSetAsync(redisKey, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), when: When.NotExists);
        var stored = (string?)await db.StringGetAsync(redisKey)
            ?? throw new InvalidOperationException($"The shared secret {name} could not be read from Redis.");
        return Convert.FromHexString(stored);
    }

    private Task<RedisResult> RunAsync(string key, TimeSpan decay, int limit, string mode) =>
        redis.GetDatabase().ScriptEvaluateAsync(
            Script,
            [new RedisKey("kinodialog:count:" + key)],
            [clock.GetUtcNow().ToUnixTimeMilliseconds(), decay.TotalMilliseconds, limit, mode]);
}
