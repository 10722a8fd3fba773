using FsCheck;
using FsCheck.Fluent;
using Kinodialog.Core.Opinions;

namespace Kinodialog.Core.Tests.Opinions;

public sealed class PolisTimesTests
{
    private const long Day = PolisTimes.DayMilliseconds;

    [Fact]
    public void Events_keep_their_day_and_order_but_not_their_time_of_day()
    {
        // 2026-12-07 at 19:03:11.123, 19:03:11.123 again, 21:40:00.007; then 2026-12-08 at 00:00:05.000.
        var day = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        long[] real = [day + 68_591_123, day + 68_591_123, day + 78_000_007, day + Day + 5_000];

        Assert.Equal([day, day + 1, day + 2, day + Day], PolisTimes.DayAndOrder(real));
    }

    [Fact]
    public void Events_out_of_order_are_refused() =>
        Assert.Throws<ArgumentException>(() => PolisTimes.DayAndOrder([5, 4]));

    [Fact]
    public void Coarse_times_are_increasing_on_the_same_day_and_applying_the_rule_again_changes_nothing()
    {
        var times = Gen.ArrayOf(Gen.Choose(0, 3 * 24 * 60).Select(minute => 1_767_225_600_000L + (minute * 60_000L)))
            .Select(a => a.Order().ToArray());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(times.ToArbitrary(), real =>
        {
            var coarse = PolisTimes.DayAndOrder(real);
            var sameDays = real.Zip(coarse).All(p => p.First / Day == p.Second / Day);
            var increasing = coarse.Zip(coarse.Skip(1)).All(p => p.First < p.Second);
            return sameDays && increasing && PolisTimes.DayAndOrder(coarse).SequenceEqual(coarse);
        }));
    }
}
