import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** An instance-wide fact, e.g. `initialised_at`: when this database was first migrated. */
@Entity('app_meta')
export class AppMeta {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
