package org.ledgerline.eventstore;

import java.util.Map;
import java.util.Set;

/**
 * The segment balancer's decision for one processor, from one node's point of view: how many of its claimed segments
 * it releases so that a live node below its fair share can claim them. Pure, so every rule is unit-tested.
 *
 * <ul>
 *   <li>fair share = ceil(segments / live nodes): a node at or below it never releases (no ping-pong: the nodes
 *       holding {@code fairShare} each are stable, and a node alone keeps every segment);
 *   <li>a release only when another live node is below its share, at most what those nodes lack (a node above its
 *       share implies one below it, so this is a guard, not a limit that bites);
 *   <li>segments nobody live holds (free, or claimed by a node that stopped heart-beating, until its claims time out)
 *       count for nobody: the nodes below their share claim them as well as what is released;
 *   <li>never below the fair share.
 * </ul>
 *
 * @param node     this node
 * @param segments the processor's segment count (its rows in {@code tokenentry})
 * @param live     the live nodes running the processor (this node among them)
 * @param claims   segments claimed per owner, live or not
 */
public record SegmentShare(String node, int segments, Set<String> live, Map<String, Integer> claims) {

    public SegmentShare {
        live = Set.copyOf(live);
        claims = Map.copyOf(claims);
        if (!live.contains(node)) {
            throw new IllegalArgumentException("The deciding node " + node + " must be among the live nodes " + live);
        }
        if (segments < 0) {
            throw new IllegalArgumentException("segments must be 0 or more, was " + segments);
        }
    }

    /** ceil(segments / live nodes). */
    public int fairShare() {
        return (segments + live.size() - 1) / live.size();
    }

    /** Segments this node holds. */
    public int mine() {
        return claims.getOrDefault(node, 0);
    }

    /** How many segments this node should release now; 0 when it is at or below its share or nobody lacks any. */
    public int toRelease() {
        int fair = fairShare();
        int excess = mine() - fair;
        if (excess <= 0) {
            return 0;
        }
        int lacking = 0;
        for (String other : live) {
            if (!other.equals(node)) {
                lacking += Math.max(0, fair - claims.getOrDefault(other, 0));
            }
        }
        return Math.min(excess, lacking);
    }
}
