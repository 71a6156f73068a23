import { TextInput } from './TextInput';
import { useTranslation } from 'react-i18next';

/** A new password and the same again, as changing a password and a reset link ask for them. */
export function NewPasswordFields({
  password,
  confirm,
  hint,
  errors,
  onPassword,
  onConfirm,
}: {
  password: string;
  confirm: string;
  hint: string;
  errors: { password?: string | undefined; confirm?: string | undefined };
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        label={t('New password')}
        type="password"
        autoComplete="new-password"
        hint={hint}
        value={password}
        onChange={(e) => onPassword(e.target.value)}
        error={errors.password}
      />
      <TextInput
        label={t('Repeat the new password')}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(e) => onConfirm(e.target.value)}
        error={errors.confirm}
      />
    </>
  );
}
