"""How many people a survey round asks, and whom: pure functions.

- The sample size of a unit for a proportion, at a margin of error e and a confidence level:
  n0 = z² · p(1 − p) / e² with p = 0.5 (the size that suits any share), corrected for the
  finite population N: n = n0 / (1 + (n0 − 1) / N), rounded up, at most N (Cochran, Sampling
  Techniques, §4.4). Each unit gets its own size, since each unit gets its own score.
- The unit's sample is spread over its fields in proportion to the dossiers each finished, by
  largest remainders (a field with dossiers gets at least one person while the sample allows).
- Within a stratum (unit × field) the people are drawn at random without replacement, from a
  generator seeded by the round's seed and the stratum: the same round draws the same sample.
- The margin of error of a share p measured on n answers out of N: z · √(p(1 − p)/n) · √((N −
  n)/(N − 1)); of a mean of respondents' scores, z · s/√n with the same correction.
"""

import math
import random
from decimal import ROUND_CEILING, Decimal
from statistics import NormalDist


def z_for(confidence):
    """The two-sided normal quantile of a confidence level in % (95 → 1.96)."""
    return NormalDist().inv_cdf(0.5 + float(confidence) / 200)


def sample_size(population, margin, confidence, share=0.5):
    if population <= 0:
        return 0
    z, e = z_for(confidence), float(margin)
    n0 = z * z * share * (1 - share) / (e * e)
    n = n0 / (1 + (n0 - 1) / population)
    return min(int(Decimal(repr(n)).quantize(Decimal(1), ROUND_CEILING)), population)


def allocate(size, counts):
    """`size` spread over strata {key: population} in proportion, by largest remainders;
    ties go to the larger stratum, then to the key that sorts first."""
    total = sum(counts.values())
    if not total or not size:
        return {key: 0 for key in counts}
    exact = {key: Decimal(size) * count / total for key, count in counts.items()}
    out = {key: int(value) for key, value in exact.items()}
    left = size - sum(out.values())
    order = sorted(counts, key=lambda k: (-(exact[k] - out[k]), -counts[k], str(k)))
    for key in order[:left]:
        out[key] += 1
    # A stratum with people but none drawn takes one from the largest allocation above one.
    for key in sorted(counts, key=str):
        if counts[key] and not out[key]:
            donor = max((k for k in out if out[k] > 1), key=lambda k: (out[k], str(k)),
                        default=None)
            if donor is None:
                break
            out[donor] -= 1
            out[key] += 1
    return out


def draw(ids, size, seed, stratum):
    """`size` of `ids` at random, reproducibly for (seed, stratum), in id order."""
    pool = sorted(ids)
    if size >= len(pool):
        return pool
    return sorted(random.Random(f"{seed}:{stratum}").sample(pool, size))


def share_margin(share, answers, population, confidence):
    if not answers:
        return None
    return z_for(confidence) * math.sqrt(share * (1 - share) / answers) * fpc(answers,
                                                                             population)


def mean_margin(values, population, confidence):
    n = len(values)
    if n < 2:
        return None
    mean = sum(values) / n
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    return z_for(confidence) * spread / math.sqrt(n) * fpc(n, population)


def fpc(n, population):
    """The finite population correction; 1 when the population is unknown or too small."""
    if not population or population <= 1 or n >= population:
        return 0.0 if population and n >= population else 1.0
    return math.sqrt((population - n) / (population - 1))
