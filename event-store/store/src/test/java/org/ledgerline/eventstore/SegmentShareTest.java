package org.ledgerline.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentShareTest {

    @Test
    void a_node_alone_keeps_every_segment() {
        SegmentShare share = new SegmentShare("a", 4, Set.of("a"), Map.of("a", 4));
        assertThat(share.fairShare()).isEqualTo(4);
        assertThat(share.toRelease()).isZero();
    }

    @Test
    void the_first_node_gives_half_to_a_second_that_holds_nothing() {
        SegmentShare share = new SegmentShare("a", 4, Set.of("a", "b"), Map.of("a", 4));
        assertThat(share.fairShare()).isEqualTo(2);
        assertThat(share.toRelease()).isEqualTo(2);
    }

    @Test
    void the_share_is_rounded_up_so_an_odd_count_leaves_the_larger_half_where_it_is() {
        assertThat(new SegmentShare("a", 5, Set.of("a", "b"), Map.of("a", 5)).toRelease())
                .isEqualTo(2);
        assertThat(new SegmentShare("a", 5, Set.of("a", "b"), Map.of("a", 3, "b", 2)).toRelease())
                .as("3 / 2 is as even as 5 gets: no ping-pong")
                .isZero();
        assertThat(new SegmentShare("a", 4, Set.of("a", "b", "c"), Map.of("a", 2, "b", 2)).toRelease())
                .as("at its share (ceil(4/3) = 2) a node never releases, even with an idle third node")
                .isZero();
    }

    @Test
    void never_releases_below_the_fair_share() {
        SegmentShare share = new SegmentShare("a", 6, Set.of("a", "b", "c"), Map.of("a", 6));
        assertThat(share.fairShare()).isEqualTo(2);
        assertThat(share.toRelease()).isEqualTo(4);
        assertThat(share.mine() - share.toRelease()).isEqualTo(share.fairShare());
    }

    @Test
    void releases_only_what_nodes_below_their_share_lack() {
        assertThat(new SegmentShare("a", 6, Set.of("a", "b", "c"), Map.of("a", 3, "b", 1, "c", 2)).toRelease())
                .as("b lacks one")
                .isEqualTo(1);
        assertThat(new SegmentShare("a", 8, Set.of("a", "b"), Map.of("a", 5, "b", 3)).toRelease())
                .as("a at 5 is above its share of 4, b below it")
                .isEqualTo(1);
        assertThat(new SegmentShare("a", 8, Set.of("a", "b"), Map.of("a", 5, "b", 4)).toRelease())
                .as("b is at its share (4)")
                .isZero();
    }

    @Test
    void claims_of_a_node_that_stopped_heart_beating_count_for_nobody() {
        SegmentShare share = new SegmentShare("a", 6, Set.of("a", "b"), Map.of("a", 4, "dead", 2));
        assertThat(share.fairShare()).isEqualTo(3);
        assertThat(share.toRelease())
                .as("b claims the dead node's 2 once they time out, and the one a gives")
                .isEqualTo(1);
    }

    @Test
    void a_node_that_stopped_heart_beating_is_no_longer_counted() {
        Map<String, Integer> claims = new HashMap<>(Map.of("a", 4));
        assertThat(new SegmentShare("a", 4, Set.of("a", "b"), claims).toRelease())
                .isEqualTo(2);
        assertThat(new SegmentShare("a", 4, Set.of("a"), claims).toRelease())
                .as("b gone")
                .isZero();
    }

    @Test
    void the_deciding_node_is_live() {
        assertThatThrownBy(() -> new SegmentShare("a", 4, Set.of("b"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
